package io.memguard.sample.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests in {@code deploy/kubernetes} agree with the app they deploy: every document parses, the
 * probes ask the paths and the port the sample app's {@code application.yml} gives its health groups (read through
 * Spring Boot's own loader and binder, with Boot's defaults where the file sets nothing), the Service and the
 * autoscaler point at the Deployment, and the heap leaves the room memguard's recommendations ask for.
 */
class KubernetesManifestsTests {

    private static final Path DEPLOY = Path.of("..", "deploy", "kubernetes").toAbsolutePath().normalize();

    private static final Pattern MAX_RAM_PERCENTAGE = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)");

    private static Binder app;

    private static Map<String, Object> deployment;

    private static Map<String, Object> container;

    @BeforeAll
    static void load() throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        for (PropertySource<?> source : new YamlPropertySourceLoader().load("application.yml",
                new ClassPathResource("application.yml"))) {
            sources.addLast(source);
        }
        app = new Binder(ConfigurationPropertySources.from(sources));
        deployment = only("Deployment");
        container = map(only(list(map(map(deployment, "spec"), "template"), "spec", "containers")));
    }

    @Test
    void theKustomizationAppliesEveryManifestAndEachParses() throws IOException {
        List<String> resources = list(map(document("kustomization.yaml")), "resources");
        List<String> manifests = new ArrayList<>();
        try (var files = Files.list(DEPLOY)) {
            files.map(file -> file.getFileName().toString())
                .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
                .forEach(manifests::add);
        }
        assertThat(resources).containsExactlyInAnyOrderElementsOf(manifests);
        assertThat(kinds()).contains("Deployment", "Service", "HorizontalPodAutoscaler");
    }

    @Test
    void probesAskTheAppsHealthGroupsOnItsPort() {
        assertThat(app.bind("management.endpoint.health.probes.enabled", Boolean.class).orElse(false))
            .as("the app exposes /health/liveness and /health/readiness").isTrue();
        assertThat(app.bind("memguard.readiness.enabled", Boolean.class).orElse(false))
            .as("memguard turns readiness to refusing under pressure").isTrue();
        String basePath = app.bind("management.server.base-path", String.class).orElse("")
                + app.bind("management.endpoints.web.base-path", String.class)
                    .orElse(new WebEndpointProperties().getBasePath());
        int serverPort = app.bind("server.port", Integer.class).orElse(new TomcatServletWebServerFactory().getPort());
        int managementPort = app.bind("management.server.port", Integer.class).orElse(serverPort);

        assertThat(probePath("livenessProbe")).isEqualTo(basePath + "/health/liveness");
        assertThat(probePath("startupProbe")).isEqualTo(basePath + "/health/liveness");
        assertThat(probePath("readinessProbe")).isEqualTo(basePath + "/health/readiness");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(containerPort(map(map(container, probe), "httpGet").get("port"))).as(probe)
                .isEqualTo(managementPort);
        }
        assertThat(containerPort("http")).as("the Service's target").isEqualTo(serverPort);
        Map<String, Object> annotations = map(map(map(map(deployment, "spec"), "template"), "metadata"), "annotations");
        assertThat(annotations).containsEntry("prometheus.io/path", basePath + "/prometheus")
            .containsEntry("prometheus.io/port", String.valueOf(managementPort));
    }

    @Test
    void theServiceAndTheAutoscalerPointAtTheDeployment() throws IOException {
        Map<String, Object> podLabels = map(map(map(map(deployment, "spec"), "template"), "metadata"), "labels");
        Map<String, Object> service = map(only("Service"), "spec");
        assertThat(podLabels).containsAllEntriesOf(map(service, "selector"));
        assertThat(map(map(deployment, "spec"), "selector").get("matchLabels")).isEqualTo(map(service, "selector"));
        Map<String, Object> servicePort = map(only(list(service, "ports")));
        assertThat(containerPort(servicePort.get("targetPort"))).isPositive();

        Map<String, Object> autoscaler = map(only("HorizontalPodAutoscaler"), "spec");
        assertThat(map(autoscaler, "scaleTargetRef")).containsEntry("kind", "Deployment")
            .containsEntry("name", map(deployment, "metadata").get("name"));
        assertThat((Integer) autoscaler.get("minReplicas")).as("one pod drained leaves two").isGreaterThanOrEqualTo(3);
    }

    @Test
    void theHeapLeavesTheRoomMemguardRecommends() {
        Map<String, Object> resources = map(container, "resources");
        Object limit = map(resources, "limits").get("memory");
        assertThat(limit).as("a memory limit, which memguard reads as the container signal").isNotNull();
        assertThat(map(resources, "requests").get("memory")).as("requested as much as the limit").isEqualTo(limit);
        String javaOptions = list(container, "env").stream().map(KubernetesManifestsTests::map)
            .filter(env -> env.get("name").equals("JAVA_TOOL_OPTIONS")).map(env -> (String) env.get("value"))
            .findFirst().orElse("");
        Matcher percentage = MAX_RAM_PERCENTAGE.matcher(javaOptions);
        assertThat(percentage.find()).as("the heap sized from the limit: %s", javaOptions).isTrue();
        double ratio = app.bind("memguard.recommendations.max-heap-to-container-ratio", Double.class).get();
        assertThat(Double.parseDouble(percentage.group(1)) / 100).isLessThanOrEqualTo(ratio);
    }

    /** The container port a probe or the Service names, by name or by number. */
    private static int containerPort(Object port) {
        if (port instanceof Integer number) {
            return number;
        }
        return list(container, "ports").stream().map(KubernetesManifestsTests::map)
            .filter(candidate -> port.equals(candidate.get("name"))).map(candidate -> (Integer) candidate.get("containerPort"))
            .findFirst().orElseThrow(() -> new AssertionError("no container port named " + port));
    }

    private static String probePath(String probe) {
        return (String) map(map(container, probe), "httpGet").get("path");
    }

    private static List<String> kinds() throws IOException {
        return documents().stream().map(document -> (String) document.get("kind")).toList();
    }

    private static Map<String, Object> only(String kind) throws IOException {
        return only(documents().stream().filter(document -> kind.equals(document.get("kind"))).toList());
    }

    private static <T> T only(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static List<Map<String, Object>> documents() throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (var files = Files.list(DEPLOY)) {
            for (Path file : files.filter(name -> name.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object document : new Yaml().loadAll(Files.readString(file))) {
                    documents.add(map(document));
                }
            }
        }
        return documents;
    }

    private static Object document(String name) throws IOException {
        return new Yaml().load(Files.readString(DEPLOY.resolve(name)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return map(parent.get(key));
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Map<String, Object> parent, String... keys) {
        Map<String, Object> current = parent;
        for (int i = 0; i < keys.length - 1; i++) {
            current = map(current, keys[i]);
        }
        Object value = current.get(keys[keys.length - 1]);
        assertThat(value).as(String.join(".", keys)).isInstanceOf(List.class);
        return (List<T>) value;
    }
}
