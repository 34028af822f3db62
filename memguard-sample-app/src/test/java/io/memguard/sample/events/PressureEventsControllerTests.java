package io.memguard.sample.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.ringbuffer.RingBuffer;
import io.memguard.ringbuffer.RingBufferRegistry;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PressureEventsControllerTests {

    @LocalServerPort
    int port;

    @Autowired
    ManualMemoryPressureMonitor monitor;

    @Autowired
    RingBufferRegistry registry;

    @Autowired
    PressureEventBroadcaster broadcaster;

    @Test
    void aSubscriberGetsTheCurrentLevelThenEveryChangeThroughItsOwnRingBuffer() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/events"))
                .header("Accept", "text/event-stream").build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request, BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        BlockingQueue<String> data = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try {
                response.body().filter(line -> line.startsWith("data:")).forEach(data::add);
            }
            catch (UncheckedIOException ex) {
                // The test hangs up below on purpose: the stream then ends with "closed".
            }
        });
        reader.setDaemon(true);
        reader.start();

        assertThat(data.poll(10, TimeUnit.SECONDS)).contains("\"sequence\":0", "\"current\":\"NONE\"");
        assertThat(registry.buffers()).extracting(RingBuffer::name).contains("pressure-events")
                .anyMatch(name -> name.startsWith("events-subscriber-"));

        monitor.setLevel(MemoryPressureLevel.HIGH);
        assertThat(data.poll(10, TimeUnit.SECONDS)).contains("\"previous\":\"NONE\"", "\"current\":\"HIGH\"");
        monitor.setLevel(MemoryPressureLevel.NONE);
        assertThat(data.poll(10, TimeUnit.SECONDS)).contains("\"previous\":\"HIGH\"", "\"current\":\"NONE\"");

        // Once the client hangs up, the next sends fail and the subscriber and its buffer go away.
        response.body().close();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            monitor.setLevel((monitor.level() == MemoryPressureLevel.NONE) ? MemoryPressureLevel.LOW
                    : MemoryPressureLevel.NONE);
            return broadcaster.subscriberCount() == 0;
        });
        assertThat(registry.buffers()).extracting(RingBuffer::name).noneMatch(name -> name.startsWith("events-subscriber-"));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class MonitorConfiguration {

        @Bean
        ManualMemoryPressureMonitor testPressureMonitor() {
            return new ManualMemoryPressureMonitor();
        }
    }
}
