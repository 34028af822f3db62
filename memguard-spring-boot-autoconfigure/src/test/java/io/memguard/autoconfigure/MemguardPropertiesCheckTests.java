package io.memguard.autoconfigure;

import static io.memguard.autoconfigure.StartupFailures.assertInvalidProperty;
import static io.memguard.autoconfigure.StartupFailures.assertRejectedValue;
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

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

@ExtendWith(OutputCaptureExtension.class)
class MemguardPropertiesCheckTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(MemguardPropertiesCheckAutoConfiguration.class, MemguardAutoConfiguration.class));

    @Test
    void aMisspeltGroupFailsStartUpWithTheNearestKey() {
        runner.withPropertyValues("memguard.presure.interval=2s").run((context) -> assertRejectedValue(context,
                "memguard.presure.interval", "2s", "memguard has no such property: rename it to "
                        + "memguard.pressure.interval. See the memguard property reference, or set "
                        + "memguard.unknown-properties=warn to only log unknown keys"));
    }

    @Test
    void aMisspeltKeyBelowAnUnknownGroupIsSentToTheNearestGroup() {
        runner.withPropertyValues("memguard.presure.x=1").run((context) -> assertRejectedValue(context,
                "memguard.presure.x", "1", "memguard has no such property: rename it to one of memguard.pressure.*."));
    }

    @Test
    void aMisspeltThresholdFailsStartUpWithTheNearestKey() {
        runner.withPropertyValues("memguard.pressure.thresholds.hihg=0.8").run((context) -> assertRejectedValue(
                context, "memguard.pressure.thresholds.hihg", "0.8",
                "memguard has no such property: rename it to memguard.pressure.thresholds.high."));
    }

    @Test
    void everyUnknownKeyIsNamedAtOnceAcrossFeatures() {
        runner.withPropertyValues("memguard.quota.globel-limit=10MB", "memguard.shedding.levle=HIGH",
                "memguard.pressure.interval=2s").run((context) -> {
                    assertRejectedValue(context, "memguard.quota.globel-limit", "10MB",
                            "memguard has no such property: rename it to memguard.quota.global-limit. Unknown as"
                                    + " well: memguard.shedding.levle (\"memguard.shedding.levle\" from property"
                                    + " source \"test\"): rename it to memguard.shedding.level.");
                    assertThat(StartupFailures.analysisOf(context).getDescription())
                            .doesNotContain("memguard.pressure.interval");
                });
    }

    @Test
    void anUnknownKeyFailsEvenWhenItsFeatureIsOff() {
        runner.withPropertyValues("memguard.quota.enabled=false", "memguard.quota.globel-limit=10MB")
                .run((context) -> assertRejectedValue(context, "memguard.quota.globel-limit", "10MB",
                        "memguard has no such property: rename it to memguard.quota.global-limit."));
    }

    @Test
    void aDocumentedKeySetToAnEmptyValueIsNotUnknown() {
        // An empty value binds to null, and the binder then reports the key as unbound, like an unknown one.
        runner.withPropertyValues("memguard.out-of-memory.heap-dump-directory=", "memguard.presure.interval=2s")
                .run((context) -> assertRejectedValue(context, "memguard.presure.interval", "2s",
                        "memguard has no such property: rename it to memguard.pressure.interval. See"));
        runner.withPropertyValues("memguard.out-of-memory.heap-dump-directory=")
                .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void anUnknownKeySetToAnEmptyValueIsStillUnknown() {
        runner.withPropertyValues("memguard.out-of-memory.heap-dump-directry=").run((context) -> assertRejectedValue(
                context, "memguard.out-of-memory.heap-dump-directry", "", "memguard has no such property: rename it"
                        + " to memguard.out-of-memory.heap-dump-directory."));
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
        assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
                .isThrownBy(() -> MemguardPropertiesCheck.check(unknown, names))
                .satisfies((ex) -> assertThat(ex.getName()).isEqualTo("memguard.presure.interval"))
                .satisfies((ex) -> assertThat(ex.getReason())
                        .startsWith("memguard has no such property: rename it to memguard.pressure.interval."));
        assertThat(reads).as("metadata reads for an unknown key").hasValue(1);
    }

    @Test
    void aKeyThatMovedToTheActuatorsNamespaceIsReportedWithItsNewName() {
        runner.withPropertyValues("memguard.health.critical-status=DOWN").run((context) -> assertRejectedValue(context,
                "memguard.health.critical-status", "DOWN",
                "memguard has no such property: rename it to management.health.memory.critical-status."));
        runner.withPropertyValues("memguard.quota.endpoint.top-streams=5").run((context) -> assertRejectedValue(
                context, "memguard.quota.endpoint.top-streams", "5",
                "memguard has no such property: rename it to management.endpoint.memory.quotas.top-streams."));
    }

    @Test
    void aKeyWithNothingNearIsReportedWithoutASuggestion() {
        runner.withPropertyValues("memguard.zzzzzzzzzzzz=1").run((context) -> assertRejectedValue(context,
                "memguard.zzzzzzzzzzzz", "1",
                "memguard has no such property: remove it (no memguard property is near it)."));
    }

    @Test
    void unknownKeysOnlyWarnOnceWhenAskedTo(CapturedOutput output) {
        runner.withPropertyValues("memguard.unknown-properties=warn", "memguard.presure.interval=2s")
                .run((context) -> {
                    assertThat(context).hasNotFailed().hasSingleBean(MemoryPressureMonitor.class);
                    String warning = "Unknown property 'memguard.presure.interval': memguard has no such property:"
                            + " rename it to memguard.pressure.interval.";
                    assertThat(output.getOut().split(java.util.regex.Pattern.quote(warning), -1)).as("warnings")
                            .hasSize(2);
                    assertThat(output.getOut()).contains("WARN");
                });
    }

    @Test
    void theUnknownKeyFailureNamesTheFileAndLineWhereTheKeyWasSet(CapturedOutput output) {
        SpringApplication application = new SpringApplication(CheckedApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class).isThrownBy(() -> application
                .run("--spring.config.location=classpath:io/memguard/autoconfigure/misspelt-key.yml"));
        assertThat(output).contains("APPLICATION FAILED TO START",
                "Invalid value '0.8' for configuration property 'memguard.pressure.thresholds.hihg' (originating"
                        + " from 'class path resource [io/memguard/autoconfigure/misspelt-key.yml] - 4:13').",
                "memguard has no such property: rename it to memguard.pressure.thresholds.high.");
    }

    @Test
    void aMisspeltBooleanOfTheMainSwitchFailsStartUpInsteadOfTurningMemguardOff() {
        runner.withPropertyValues("memguard.enabled=flase").run((context) -> StartupFailures.assertBindingFailed(
                context, "memguard.enabled", "flase", "Invalid boolean value 'flase'"));
    }

    @Test
    void aBooleanThatSpringWouldReadAsTrueButAConditionAsFalseFailsStartUp() {
        // "yes" converts to true, while @ConditionalOnBooleanProperty reads it as "not true": the two would disagree.
        runner.withPropertyValues("memguard.quota.enabled=yes").run((context) -> StartupFailures.assertBindingFailed(
                context, "memguard.quota.enabled", "yes", "must be true or false: Spring would read 'yes' as true,"
                        + " but memguard's switches read anything but true as false"));
    }

    @Test
    void trueAndFalseInAnyCaseAreBooleans() {
        runner.withPropertyValues("memguard.enabled=TRUE", "memguard.quota.enabled=False")
                .run((context) -> assertThat(context).hasNotFailed().hasSingleBean(MemoryPressureMonitor.class));
    }

    @Test
    void aValueThatCannotBeConvertedFailsAsBootReportsIt() {
        runner.withPropertyValues("memguard.pressure.interval=soon").run((context) -> StartupFailures
                .assertBindingFailed(context, "memguard.pressure.interval", "soon",
                        "failed to convert java.lang.String to java.time.Duration"));
        runner.withPropertyValues("memguard.unknown-properties=ignore").run((context) -> {
            StartupFailures.assertBindingFailed(context, "memguard.unknown-properties", "ignore", "failed to convert");
            assertThat(StartupFailures.analysisOf(context).getAction()).contains("FAIL", "WARN");
        });
    }

    @Test
    void aLoneCriticalThresholdBelowTheDefaultHighSaysToLowerHigh() {
        assertInvalidProperty(runner, "memguard.pressure.thresholds.critical", "0.8",
                "must be above memguard.pressure.thresholds.high, which keeps its default 0.85: lower"
                        + " memguard.pressure.thresholds.high below 0.8 as well (keeping it above"
                        + " memguard.pressure.thresholds.moderate, 0.75), or set this above 0.85",
                "memguard.pressure.thresholds.critical=0.80");
    }

    @Test
    void aLoneHighThresholdAboveTheDefaultCriticalSaysToRaiseCritical() {
        assertInvalidProperty(runner, "memguard.pressure.psi.some.high", "0.6",
                "must be below memguard.pressure.psi.some.critical, which keeps its default 0.5: raise"
                        + " memguard.pressure.psi.some.critical above 0.6 as well (at most 1), or set this below 0.5",
                "memguard.pressure.psi.some.high=0.6");
    }

    @Test
    void twoThresholdsSetOutOfOrderAreBothNamed() {
        assertInvalidProperty(runner, "memguard.pressure.thresholds.critical", "0.8",
                "must be above memguard.pressure.thresholds.high (0.9): the thresholds increase from low to"
                        + " critical; raise this or lower memguard.pressure.thresholds.high",
                "memguard.pressure.thresholds.high=0.9", "memguard.pressure.thresholds.critical=0.8");
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

    private static List<Map<String, Object>> metadata(String path) throws IOException, URISyntaxException {
        Path classes = Path.of(MemguardProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve(MemguardPropertyNames.METADATA))) {
            return JsonPath.parse(in).read(path);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ MemguardPropertiesCheckAutoConfiguration.class, MemguardAutoConfiguration.class })
    static class CheckedApplication {
    }
}
