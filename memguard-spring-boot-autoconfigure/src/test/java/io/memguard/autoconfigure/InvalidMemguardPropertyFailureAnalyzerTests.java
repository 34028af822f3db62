package io.memguard.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

/**
 * Every bad value fails start-up: the root cause names the full property and the analyzer says how to fix it.
 */
class InvalidMemguardPropertyFailureAnalyzerTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MemguardAutoConfiguration.class));

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("memguard.pressure.thresholds.moderate=0.5", "memguard.pressure.thresholds.moderate",
                        "memguard.pressure.thresholds.moderate (0.5) must be greater than "
                                + "memguard.pressure.thresholds.low (0.6)",
                        "memguard.pressure.thresholds.low keeps its default 0.6, which is not below "
                                + "memguard.pressure.thresholds.moderate (0.5): set memguard.pressure.thresholds.low "
                                + "below 0.5 as well, or set memguard.pressure.thresholds.moderate above 0.6."),
                Arguments.of("memguard.pressure.thresholds.critical=0.85", "memguard.pressure.thresholds.critical",
                        "memguard.pressure.thresholds.critical (0.85) must be greater than "
                                + "memguard.pressure.thresholds.high (0.85)",
                        "set memguard.pressure.thresholds.high below 0.85 as well"),
                Arguments.of("memguard.pressure.thresholds.critical=1.5", "memguard.pressure.thresholds.critical",
                        "memguard.pressure.thresholds.critical must be a ratio in (0,1], was 1.5",
                        "Set memguard.pressure.thresholds.critical to a ratio greater than 0 and at most 1"),
                Arguments.of("memguard.pressure.thresholds.low=0", "memguard.pressure.thresholds.low",
                        "memguard.pressure.thresholds.low must be a ratio in (0,1], was 0",
                        "Set memguard.pressure.thresholds.low to a ratio"),
                Arguments.of("memguard.pressure.psi.some.high=-0.2", "memguard.pressure.psi.some.high",
                        "memguard.pressure.psi.some.high must be a ratio in (0,1], was -0.2",
                        "so that memguard.pressure.psi.some.low < moderate < high < critical."),
                Arguments.of("memguard.pressure.psi.full.moderate=0.04", "memguard.pressure.psi.full.moderate",
                        "memguard.pressure.psi.full.moderate (0.04) must be greater than "
                                + "memguard.pressure.psi.full.low (0.06)",
                        "or set memguard.pressure.psi.full.moderate above 0.06."),
                Arguments.of("memguard.pressure.interval=0s", "memguard.pressure.interval",
                        "memguard.pressure.interval must be a positive duration",
                        "Set memguard.pressure.interval to a positive duration, such as 1s or 500ms."),
                Arguments.of("memguard.pressure.interval=-1s", "memguard.pressure.interval",
                        "memguard.pressure.interval must be a positive duration",
                        "Set memguard.pressure.interval to a positive duration"),
                Arguments.of("memguard.pressure.fast-interval=0ms", "memguard.pressure.fast-interval",
                        "memguard.pressure.fast-interval must be a positive duration, was PT0S",
                        "Set memguard.pressure.fast-interval to a positive duration, such as 100ms."),
                Arguments.of("memguard.pressure.fast-from-level=none", "memguard.pressure.fast-from-level",
                        "memguard.pressure.fast-from-level must be low, moderate, high or critical, was none",
                        "Set memguard.pressure.fast-from-level to low, moderate, high or critical."),
                Arguments.of("memguard.pressure.fast-rise-rate=-0.5", "memguard.pressure.fast-rise-rate",
                        "memguard.pressure.fast-rise-rate must be a positive ratio per second, was -0.5",
                        "Set memguard.pressure.fast-rise-rate to a positive ratio of the container limit per second"),
                Arguments.of("memguard.pressure.lead-time=-1s", "memguard.pressure.lead-time",
                        "memguard.pressure.lead-time must be zero or a positive duration, was PT-1S",
                        "Set memguard.pressure.lead-time to a duration of zero or more, such as 2s"),
                Arguments.of("memguard.gc.cooldown=0ms", "memguard.gc.cooldown",
                        "memguard.gc.cooldown must be a positive duration",
                        "Set memguard.gc.cooldown to a positive duration, such as 1s or 500ms."),
                Arguments.of("memguard.pressure.hysteresis=0.1", "memguard.pressure.hysteresis",
                        "memguard.pressure.hysteresis (0.1) must be smaller than the smallest gap between thresholds",
                        "Set memguard.pressure.hysteresis to at least 0 and below the smallest gap"),
                Arguments.of("memguard.pressure.hysteresis=-0.01", "memguard.pressure.hysteresis",
                        "memguard.pressure.hysteresis must be at least 0, was -0.01",
                        "Set memguard.pressure.hysteresis to at least 0"),
                Arguments.of("memguard.gc.heap-free-ratios.from-level=none", "memguard.gc.heap-free-ratios.from-level",
                        "memguard.gc.heap-free-ratios.from-level must be LOW, MODERATE, HIGH or CRITICAL, was NONE",
                        "Set memguard.gc.heap-free-ratios.from-level to a level such as HIGH."),
                Arguments.of("memguard.gc.heap-free-ratios.exit-level=high", "memguard.gc.heap-free-ratios.exit-level",
                        "memguard.gc.heap-free-ratios.exit-level must be below memguard.gc.heap-free-ratios.from-level "
                                + "(HIGH), was HIGH",
                        "Set memguard.gc.heap-free-ratios.exit-level to a level below HIGH, such as LOW."),
                Arguments.of("memguard.gc.heap-free-ratios.min=101", "memguard.gc.heap-free-ratios.min",
                        "memguard.gc.heap-free-ratios.min must be in [0..100], was 101",
                        "Set memguard.gc.heap-free-ratios.min to a percentage"),
                Arguments.of("memguard.gc.heap-free-ratios.max=-1", "memguard.gc.heap-free-ratios.max",
                        "memguard.gc.heap-free-ratios.max must be in [memguard.gc.heap-free-ratios.min (0)..100], was -1",
                        "Set memguard.gc.heap-free-ratios.max to a percentage from 0 to 100, such as 20."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void badValueFailsStartUpNamingThePropertyAndTheFix(String setting, String property, String problem,
            String action) {
        runner.withPropertyValues(setting).run((context) -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            Throwable rootCause = NestedExceptionUtils.getMostSpecificCause(failure);
            assertThat(rootCause).isInstanceOf(InvalidMemguardPropertyException.class).hasMessageContaining(problem);
            assertThat(((InvalidMemguardPropertyException) rootCause).property()).isEqualTo(property);

            FailureAnalysis analysis = new InvalidMemguardPropertyFailureAnalyzer().analyze(failure);
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).startsWith("Invalid memguard configuration: ").contains(problem);
            assertThat(analysis.getAction()).contains(action);
            assertThat(analysis.getCause()).isSameAs(rootCause);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodEdgeValues")
    void edgeValuesThatWorkStartUp(String setting) {
        runner.withPropertyValues(setting).run((context) -> assertThat(context).hasNotFailed());
    }

    static Stream<String> goodEdgeValues() {
        return Stream.of("memguard.pressure.thresholds.critical=1", "memguard.pressure.hysteresis=0",
                "memguard.pressure.hysteresis=0.049", "memguard.pressure.interval=1ms");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void springBootReportsTheAnalysisWhenAnApplicationFailsToStart(CapturedOutput output) {
        SpringApplication application = new SpringApplication(MemguardApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatExceptionOfType(BeanCreationException.class)
                .isThrownBy(() -> application.run("--memguard.gc.cooldown=-5s"));
        assertThat(output).contains("APPLICATION FAILED TO START",
                "Invalid memguard configuration: memguard.gc.cooldown must be a positive duration",
                "Set memguard.gc.cooldown to a positive duration, such as 1s or 500ms.");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(MemguardAutoConfiguration.class)
    static class MemguardApplication {
    }
}
