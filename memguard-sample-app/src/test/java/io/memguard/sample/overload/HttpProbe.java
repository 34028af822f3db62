package io.memguard.sample.overload;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the app's state from outside through its actuator endpoints, tolerating an app that is dying.
 */
final class HttpProbe {

    private static final Pattern LEVEL = Pattern.compile("\"level\"\\s*:\\s*\"([A-Z]+)\"");

    private static final String[] LEVELS = { "NONE", "LOW", "MODERATE", "HIGH", "CRITICAL" };

    private final HttpClient http;

    private final SampleAppProcess app;

    HttpProbe(HttpClient http, SampleAppProcess app) {
        this.http = http;
        this.app = app;
    }

    /**
     * The sum over the heap's memory pools of a JVM memory gauge, read from {@code /actuator/prometheus} (exposed
     * with memguard on and off alike), such as {@code jvm_memory_used_bytes}; pools without a maximum (-1) are skipped.
     */
    OptionalLong heapMetric(String prometheusName) {
        String body = get("/actuator/prometheus");
        if (body == null) {
            return OptionalLong.empty();
        }
        long sum = 0;
        boolean found = false;
        for (String line : body.split("\n")) {
            if (line.startsWith(prometheusName + "{") && line.contains("area=\"heap\"")) {
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (value > 0) {
                    sum += (long) value;
                }
                found = true;
            }
        }
        return found ? OptionalLong.of(sum) : OptionalLong.empty();
    }

    /** memguard's level 0..4, or -1 when memguard is off or the app does not answer. */
    int level() {
        String body = get("/actuator/memory");
        if (body == null) {
            return -1;
        }
        Matcher matcher = LEVEL.matcher(body);
        if (!matcher.find()) {
            return -1;
        }
        for (int i = 0; i < LEVELS.length; i++) {
            if (LEVELS[i].equals(matcher.group(1))) {
                return i;
            }
        }
        return -1;
    }

    private String get(String path) {
        if (!app.isAlive()) {
            return null;
        }
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        }
        catch (IOException ex) {
            return null;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    URI uri(String path) {
        return app.uri(path);
    }
}
