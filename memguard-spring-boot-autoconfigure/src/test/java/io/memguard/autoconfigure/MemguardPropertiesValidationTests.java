package io.memguard.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/**
 * Every bad value of {@link MemguardProperties} fails start-up while Spring Boot binds it, and Boot's failure analysis
 * names the property, its value, where it was set and a reason that says how to fix it.
 */
class MemguardPropertiesValidationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MemguardAutoConfiguration.class));

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("memguard.pressure.thresholds.moderate=0.5", "memguard.pressure.thresholds.moderate",
                        "0.5", "must be above memguard.pressure.thresholds.low, which keeps its default 0.6: lower "
                                + "memguard.pressure.thresholds.low below 0.5 as well, or set this above 0.6"),
                Arguments.of("memguard.pressure.thresholds.critical=0.85", "memguard.pressure.thresholds.critical",
                        "0.85", "must be above memguard.pressure.thresholds.high, which keeps its default 0.85: lower "
                                + "memguard.pressure.thresholds.high below 0.85 as well (keeping it above "
                                + "memguard.pressure.thresholds.moderate, 0.75), or set this above 0.85"),
                Arguments.of("memguard.pressure.thresholds.low=0.8", "memguard.pressure.thresholds.low", "0.8",
                        "must be below memguard.pressure.thresholds.moderate, which keeps its default 0.75: raise "
                                + "memguard.pressure.thresholds.moderate above 0.8 as well (keeping it below "
                                + "memguard.pressure.thresholds.high, 0.85), or set this below 0.75"),
                Arguments.of("memguard.pressure.thresholds.critical=1.5", "memguard.pressure.thresholds.critical",
                        "1.5", "must be a ratio above 0 and at most 1, such as 0.95"),
                Arguments.of("memguard.pressure.thresholds.low=0", "memguard.pressure.thresholds.low", "0.0",
                        "must be a ratio above 0 and at most 1, such as 0.6"),
                Arguments.of("memguard.pressure.psi.some.high=-0.2", "memguard.pressure.psi.some.high", "-0.2",
                        "must be a ratio above 0 and at most 1, such as 0.35"),
                Arguments.of("memguard.pressure.psi.full.moderate=0.04", "memguard.pressure.psi.full.moderate",
                        "0.04", "must be above memguard.pressure.psi.full.low, which keeps its default 0.06"),
                Arguments.of("memguard.pressure.gc-overhead.thresholds.high=0.5",
                        "memguard.pressure.gc-overhead.thresholds.high", "0.5",
                        "must be below memguard.pressure.gc-overhead.thresholds.critical, which keeps its default 0.3:"
                                + " raise memguard.pressure.gc-overhead.thresholds.critical above 0.5 as well (at most"
                                + " 1), or set this below 0.3"),
                Arguments.of("memguard.pressure.interval=0s", "memguard.pressure.interval", "PT0S",
                        "must be a positive duration, such as 1s"),
                Arguments.of("memguard.pressure.interval=-1s", "memguard.pressure.interval", "PT-1S",
                        "must be a positive duration, such as 1s"),
                Arguments.of("memguard.pressure.fast-interval=0ms", "memguard.pressure.fast-interval", "PT0S",
                        "must be a positive duration, such as 100ms"),
                Arguments.of("memguard.pressure.fast-from-level=none", "memguard.pressure.fast-from-level", "NONE",
                        "must be LOW, MODERATE, HIGH or CRITICAL; to read every signal fast at all times, set "
                                + "memguard.pressure.interval to the fast interval instead"),
                Arguments.of("memguard.pressure.fast-rise-rate=-0.5", "memguard.pressure.fast-rise-rate", "-0.5",
                        "must be positive, such as 0.02 (a ratio of the container limit per second)"),
                Arguments.of("memguard.pressure.lead-time=-1s", "memguard.pressure.lead-time", "PT-1S",
                        "must be zero or a positive duration, such as 2s, or 0s to turn the projection off"),
                Arguments.of("memguard.pressure.gc-overhead.window=0s", "memguard.pressure.gc-overhead.window",
                        "PT0S", "must be a positive duration, such as 10s"),
                Arguments.of("memguard.pressure.live-set.measurement-interval=0s",
                        "memguard.pressure.live-set.measurement-interval", "PT0S",
                        "must be a positive duration, such as 3s"),
                Arguments.of("memguard.pressure.live-set.measurement-pause-share=1",
                        "memguard.pressure.live-set.measurement-pause-share", "1.0",
                        "must be 0 (off) or more and below 1, such as 0.1"),
                Arguments.of("memguard.pressure.live-set.measurement-pause-share=-0.1",
                        "memguard.pressure.live-set.measurement-pause-share", "-0.1",
                        "must be 0 (off) or more and below 1, such as 0.1"),
                Arguments.of("memguard.gc.cooldown=0ms", "memguard.gc.cooldown", "PT0S",
                        "must be a positive duration, such as 30s"),
                Arguments.of("memguard.pressure.hysteresis=0.1", "memguard.pressure.hysteresis", "0.1",
                        "must be smaller than the smallest gap between neighbouring thresholds, but "
                                + "memguard.pressure.thresholds.high (0.85) is only 0.1 above "
                                + "memguard.pressure.thresholds.moderate: lower it below 0.1, or widen those "
                                + "thresholds"),
                Arguments.of("memguard.pressure.hysteresis=0.07", "memguard.pressure.hysteresis", "0.07",
                        "but memguard.pressure.psi.full.low (0.06) is only 0.06 above 0"),
                Arguments.of("memguard.pressure.hysteresis=-0.01", "memguard.pressure.hysteresis", "-0.01",
                        "must be at least 0, such as 0.05"),
                Arguments.of("memguard.gc.heap-free-ratios.from-level=none",
                        "memguard.gc.heap-free-ratios.from-level", "NONE",
                        "must be LOW, MODERATE, HIGH or CRITICAL, such as HIGH"),
                Arguments.of("memguard.gc.heap-free-ratios.from-level=low",
                        "memguard.gc.heap-free-ratios.from-level", "LOW",
                        "must be above memguard.gc.heap-free-ratios.exit-level, which keeps its default LOW: set this"
                                + " above LOW, or set memguard.gc.heap-free-ratios.exit-level below LOW as well"),
                Arguments.of("memguard.gc.heap-free-ratios.exit-level=high",
                        "memguard.gc.heap-free-ratios.exit-level", "HIGH",
                        "must be below memguard.gc.heap-free-ratios.from-level (HIGH), such as LOW"),
                Arguments.of("memguard.gc.heap-free-ratios.min=101", "memguard.gc.heap-free-ratios.min", "101",
                        "must be a percentage from 0 to 100, such as 0"),
                Arguments.of("memguard.gc.heap-free-ratios.max=-1", "memguard.gc.heap-free-ratios.max", "-1",
                        "must be a percentage from memguard.gc.heap-free-ratios.min (0) to 100, such as 20"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void badValueFailsStartUpNamingThePropertyItsValueItsOriginAndTheFix(String setting, String property,
            String value, String reason) {
        runner.withPropertyValues(setting).run((context) -> {
            StartupFailures.assertInvalidProperty(context, property, value, reason);
            assertThat(StartupFailures.analysisOf(context).getAction()).isEqualTo("Update your application's configuration");
        });
    }

    @Test
    void aThresholdThatLeavesTheDefaultHysteresisNoRoomIsTheOneRejected() {
        runner.withPropertyValues("memguard.pressure.thresholds.low=0.04").run((context) -> assertThat(
                StartupFailures.analysisOf(context).getDescription()).contains(
                        "Property: memguard.pressure.thresholds.low", "Value: \"0.04\"",
                        "Reason: is only 0.04 above 0, not more than memguard.pressure.hysteresis (0.05, its "
                                + "default): widen the gap, or lower memguard.pressure.hysteresis below 0.04 as "
                                + "well"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            memguard.pressure.fast-interval                  | 0ms  | PT0S
            memguard.pressure.live-set.measurement-interval  | 0s   | PT0S
            memguard.pressure.gc-overhead.window             | 0s   | PT0S
            memguard.pressure.gc-overhead.thresholds.low     | 0.01 | 0.01
            memguard.pressure.psi.some.low                   | 0.02 | 0.02
            memguard.gc.heap-free-ratios.from-level          | none | NONE
            """)
    void theReportNamesThePropertyAsItIsWrittenInApplicationYml(String property, String setting, String value) {
        runner.withPropertyValues(property + "=" + setting).run((context) -> assertThat(
                StartupFailures.analysisOf(context).getDescription()).contains(String.join(System.lineSeparator(),
                        "    Property: " + property, "    Value: \"" + value + "\"",
                        "    Origin: \"" + property + "\" from property source \"test\"", "    Reason: ")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodEdgeValues")
    void edgeValuesThatWorkStartUp(String setting) {
        runner.withPropertyValues(setting).run((context) -> assertThat(context).hasNotFailed());
    }

    static Stream<String> goodEdgeValues() {
        return Stream.of("memguard.pressure.thresholds.critical=1", "memguard.pressure.hysteresis=0",
                "memguard.pressure.hysteresis=0.049", "memguard.pressure.interval=1ms",
                "memguard.pressure.lead-time=0s");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void springBootReportsTheAnalysisWhenAnApplicationFailsToStart(CapturedOutput output) {
        SpringApplication application = new SpringApplication(MemguardApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatExceptionOfType(BeanCreationException.class)
                .isThrownBy(() -> application.run("--memguard.gc.cooldown=-5s"));
        assertThat(output).contains("APPLICATION FAILED TO START", "Property: memguard.gc.cooldown",
                "Value: \"PT-5S\"", "Origin: \"memguard.gc.cooldown\" from property source \"commandLineArgs\"",
                "Reason: must be a positive duration, such as 30s");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void theFailureNamesTheFileAndLineWhereTheValueWasSet(CapturedOutput output) {
        SpringApplication application = new SpringApplication(MemguardApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatExceptionOfType(BeanCreationException.class).isThrownBy(() -> application
                .run("--spring.config.location=classpath:io/memguard/autoconfigure/critical-alone.yml"));
        assertThat(output).contains("Property: memguard.pressure.thresholds.critical", "Value: \"0.8\"",
                "Origin: class path resource [io/memguard/autoconfigure/critical-alone.yml] - 4:17",
                "Reason: must be above memguard.pressure.thresholds.high, which keeps its default 0.85: lower "
                        + "memguard.pressure.thresholds.high below 0.8 as well");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(MemguardAutoConfiguration.class)
    static class MemguardApplication {
    }
}
