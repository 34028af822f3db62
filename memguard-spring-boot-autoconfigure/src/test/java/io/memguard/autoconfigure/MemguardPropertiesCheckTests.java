package io.memguard.autoconfigure;

import static io.memguard.autoconfigure.StartupFailures.assertInvalidProperty;
import static io.memguard.autoconfigure.StartupFailures.rootCauseOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;
import io.memguard.pressure.MemoryPressureMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

@ExtendWith(OutputCaptureExtension.class)
class MemguardPropertiesCheckTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(MemguardPropertiesCheckAutoConfiguration.class, MemguardAutoConfiguration.class));

    @Test
    void aMisspeltGroupFailsStartUpWithTheNearestKey() {
        runner.withPropertyValues("memguard.presure.interval=2s").run((context) -> {
            assertInvalidProperty(context, "memguard.presure.interval",
                    "Unknown property memguard.presure.interval");
            assertThat(actionOf(context))
                    .startsWith("Rename memguard.presure.interval to memguard.pressure.interval.")
                    .contains("memguard.unknown-properties=warn");
        });
    }

    @Test
    void aMisspeltKeyBelowAnUnknownGroupIsSentToTheNearestGroup() {
        runner.withPropertyValues("memguard.presure.x=1").run((context) -> {
            assertInvalidProperty(context, "memguard.presure.x", "Unknown property memguard.presure.x");
            assertThat(actionOf(context))
                    .startsWith("Rename memguard.presure.x to one of memguard.pressure.*.");
        });
    }

    @Test
    void aMisspeltThresholdFailsStartUpWithTheNearestKey() {
        runner.withPropertyValues("memguard.pressure.thresholds.hihg=0.8").run((context) -> {
            assertInvalidProperty(context, "memguard.pressure.thresholds.hihg",
                    "Unknown property memguard.pressure.thresholds.hihg");
            assertThat(actionOf(context))
                    .startsWith("Rename memguard.pressure.thresholds.hihg to memguard.pressure.thresholds.high.");
        });
    }

    @Test
    void everyUnknownKeyIsNamedAtOnceAcrossFeatures() {
        runner.withPropertyValues("memguard.quota.globel-limit=10MB", "memguard.shedding.levle=HIGH",
                "memguard.pressure.interval=2s").run((context) -> {
                    InvalidMemguardPropertyException ex = (InvalidMemguardPropertyException) rootCauseOf(context);
                    assertThat(ex.getMessage()).startsWith("Unknown properties ")
                            .contains("memguard.quota.globel-limit").contains("memguard.shedding.levle")
                            .doesNotContain("memguard.pressure.interval");
                    assertThat(ex.action()).contains("Rename memguard.quota.globel-limit to memguard.quota.global-limit")
                            .contains("memguard.shedding.levle to memguard.shedding.level");
                });
    }

    @Test
    void anUnknownKeyFailsEvenWhenItsFeatureIsOff() {
        runner.withPropertyValues("memguard.quota.enabled=false", "memguard.quota.globel-limit=10MB")
                .run((context) -> assertInvalidProperty(context, "memguard.quota.globel-limit",
                        "Unknown property memguard.quota.globel-limit"));
    }

    @Test
    void aDocumentedKeySetToAnEmptyValueIsNotUnknown() {
        // An empty value binds to null, and the binder then reports the key as unbound, like an unknown one.
        runner.withPropertyValues("memguard.out-of-memory.heap-dump-directory=", "memguard.presure.interval=2s")
                .run((context) -> assertInvalidProperty(context, "memguard.presure.interval",
                        "Unknown property memguard.presure.interval"));
        runner.withPropertyValues("memguard.out-of-memory.heap-dump-directory=")
                .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void anUnknownKeySetToAnEmptyValueIsStillUnknown() {
        runner.withPropertyValues("memguard.out-of-memory.heap-dump-directry=").run((context) -> assertInvalidProperty(
                context, "memguard.out-of-memory.heap-dump-directry", "Unknown property memguard.out-of-memory.heap-dump-directry"));
    }

    @Test
    void theMetadataIsReadOnlyWhenAKeyIsUnknown() {
        AtomicInteger reads = new AtomicInteger();
        Supplier<MemguardPropertyNames> names = () -> {
            reads.incrementAndGet();
            return MemguardPropertyNames.fromMetadata(getClass().getClassLoader());
        };
        MockEnvironment known = new MockEnvironment().withProperty("memguard.pressure.interval", "2s")
                .withProperty("memguard.out-of-memory.heap-dump-directory", "");
        MemguardPropertiesCheck.check(known, names);
        assertThat(reads).as("metadata reads for known keys").hasValue(0);
        MockEnvironment unknown = new MockEnvironment().withProperty("memguard.presure.interval", "2s");
        assertThatExceptionOfType(InvalidMemguardPropertyException.class)
                .isThrownBy(() -> MemguardPropertiesCheck.check(unknown, names))
                .withMessageStartingWith("Unknown property memguard.presure.interval");
        assertThat(reads).as("metadata reads for an unknown key").hasValue(1);
    }

    @Test
    void aKeyThatMovedToTheActuatorsNamespaceIsReportedWithItsNewName() {
        runner.withPropertyValues("memguard.health.critical-status=DOWN").run((context) -> assertThat(actionOf(context))
                .startsWith("Rename memguard.health.critical-status to management.health.memory.critical-status."));
        runner.withPropertyValues("memguard.quota.endpoint.top-streams=5").run((context) -> assertThat(
                actionOf(context)).startsWith(
                        "Rename memguard.quota.endpoint.top-streams to management.endpoint.memory.quotas.top-streams."));
    }

    @Test
    void aKeyWithNothingNearIsReportedWithoutASuggestion() {
        runner.withPropertyValues("memguard.zzzzzzzzzzzz=1").run((context) -> assertThat(actionOf(context))
                .startsWith("Remove memguard.zzzzzzzzzzzz (no memguard property is near it)."));
    }

    @Test
    void unknownKeysOnlyWarnOnceWhenAskedTo(CapturedOutput output) {
        runner.withPropertyValues("memguard.unknown-properties=warn", "memguard.presure.interval=2s")
                .run((context) -> {
                    assertThat(context).hasNotFailed().hasSingleBean(MemoryPressureMonitor.class);
                    String warning = "Unknown property memguard.presure.interval";
                    assertThat(output.getOut().split(warning, -1)).as("warnings").hasSize(2);
                    assertThat(output.getOut()).contains("WARN")
                            .contains("Rename memguard.presure.interval to memguard.pressure.interval");
                });
    }

    @Test
    void aMisspeltBooleanOfTheMainSwitchFailsStartUpInsteadOfTurningMemguardOff() {
        assertInvalidProperty(runner, "memguard.enabled", "flase", "it must be true or false",
                "memguard.enabled=flase");
        runner.withPropertyValues("memguard.enabled=flase").run((context) -> assertThat(actionOf(context))
                .isEqualTo("Set memguard.enabled to true or false."));
    }

    @Test
    void aBooleanThatSpringWouldReadAsTrueButAConditionAsFalseFailsStartUp() {
        // "yes" converts to true, while @ConditionalOnBooleanProperty reads it as "not true": the two would disagree.
        assertInvalidProperty(runner, "memguard.quota.enabled", "yes", "it must be true or false",
                "memguard.quota.enabled=yes");
    }

    @Test
    void trueAndFalseInAnyCaseAreBooleans() {
        runner.withPropertyValues("memguard.enabled=TRUE", "memguard.quota.enabled=False")
                .run((context) -> assertThat(context).hasNotFailed().hasSingleBean(MemoryPressureMonitor.class));
    }

    @Test
    void aValueThatCannotBeConvertedNamesTheValuesThePropertyTakes() {
        assertInvalidProperty(runner, "memguard.pressure.interval", "soon",
                "it must be a duration, such as 500ms, 2s or 1m", "memguard.pressure.interval=soon");
        assertInvalidProperty(runner, "memguard.unknown-properties", "ignore", "it must be one of fail, warn",
                "memguard.unknown-properties=ignore");
    }

    @Test
    void aLoneCriticalThresholdBelowTheDefaultHighSaysToLowerHigh() {
        runner.withPropertyValues("memguard.pressure.thresholds.critical=0.80").run((context) -> {
            assertInvalidProperty(context, "memguard.pressure.thresholds.critical",
                    "memguard.pressure.thresholds.critical (0.8) must be greater than"
                            + " memguard.pressure.thresholds.high (0.85)");
            assertThat(actionOf(context)).isEqualTo(
                    "memguard.pressure.thresholds.high keeps its default 0.85, which is not below"
                            + " memguard.pressure.thresholds.critical (0.8): set memguard.pressure.thresholds.high"
                            + " below 0.8 as well (keeping it above memguard.pressure.thresholds.moderate, 0.75),"
                            + " or set memguard.pressure.thresholds.critical above 0.85.");
        });
    }

    @Test
    void aLoneHighThresholdAboveTheDefaultCriticalSaysToRaiseCritical() {
        runner.withPropertyValues("memguard.pressure.psi.some.high=0.6").run((context) -> assertThat(actionOf(context))
                .isEqualTo("memguard.pressure.psi.some.critical keeps its default 0.5, which is not above"
                                + " memguard.pressure.psi.some.high (0.6): set memguard.pressure.psi.some.critical"
                                + " above 0.6 as well (at most 1), or set memguard.pressure.psi.some.high below 0.5."));
    }

    @Test
    void twoThresholdsSetOutOfOrderAreBothNamed() {
        runner.withPropertyValues("memguard.pressure.thresholds.high=0.9", "memguard.pressure.thresholds.critical=0.8")
                .run((context) -> assertThat(actionOf(context))
                        .isEqualTo("Thresholds must increase from low to critical: set"
                                + " memguard.pressure.thresholds.critical above 0.9 (at most 1), or set"
                                + " memguard.pressure.thresholds.high below 0.8 (keeping it above"
                                + " memguard.pressure.thresholds.moderate, 0.75)."));
    }

    @Test
    void everyDocumentedPropertyAtItsDocumentedDefaultPassesTheCheck() throws Exception {
        List<String> values = new ArrayList<>();
        for (Map<String, Object> property : metadata("$.properties[?(@.name =~ /memguard\\..*/)]")) {
            Object value = property.get("defaultValue");
            if (value != null) {
                values.add(property.get("name") + "="
                        + ((value instanceof List<?> list) ? list.stream().map(String::valueOf)
                                .collect(Collectors.joining(",")) : value));
            }
        }
        assertThat(values).hasSizeGreaterThan(100);
        runner.withPropertyValues(values.toArray(String[]::new))
                .withPropertyValues("memguard.ring-buffers.instances.orders.capacity=64")
                .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void theCheckBindsEveryPropertiesClassOfTheMetadata() throws Exception {
        Set<String> roots = new TreeSet<>();
        for (Map<String, Object> group : metadata("$.groups[?(@.name =~ /memguard.*/)]")) {
            if (group.get("type").equals(group.get("sourceType")) && group.get("sourceMethod") == null) {
                roots.add((String) group.get("type"));
            }
        }
        assertThat(MemguardPropertiesCheck.PROPERTIES_CLASSES.stream().map(Class::getName))
                .containsExactlyInAnyOrderElementsOf(roots);
    }

    private static String actionOf(AssertableApplicationContext context) {
        return ((InvalidMemguardPropertyException) rootCauseOf(context)).action();
    }

    private static List<Map<String, Object>> metadata(String path) throws IOException, URISyntaxException {
        Path classes = Path.of(MemguardProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve(MemguardPropertyNames.METADATA))) {
            return JsonPath.parse(in).read(path);
        }
    }
}
