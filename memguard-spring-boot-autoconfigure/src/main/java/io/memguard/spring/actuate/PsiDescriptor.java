package io.memguard.spring.actuate;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.jspecify.annotations.Nullable;

import io.memguard.pressure.MemorySnapshot.PressureStall;

/**
 * Linux pressure stall information for memory: the share of time, over the last 10, 60 and 300 seconds, in which
 * some task ({@code some}) or every non-idle task ({@code full}) stalled waiting for memory, as ratios in [0..1].
 *
 * @param some   stalls of at least one task
 * @param full   stalls of every non-idle task at once; absent where the kernel reports no "full" line
 * @param source the file the figures were read from
 * @since 0.1.0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PsiDescriptor(Averages some, @Nullable Averages full, String source) {

    static @Nullable PsiDescriptor of(@Nullable PressureStall psi) {
        if (psi == null) {
            return null;
        }
        Averages full = (psi.fullAvg10() >= 0) ? new Averages(psi.fullAvg10(), psi.fullAvg60(), psi.fullAvg300())
                : null;
        return new PsiDescriptor(new Averages(psi.someAvg10(), psi.someAvg60(), psi.someAvg300()), full,
                psi.source());
    }

    /**
     * Stall ratios averaged over three windows.
     *
     * @param avg10  over the last 10 seconds
     * @param avg60  over the last 60 seconds
     * @param avg300 over the last 300 seconds
     * @since 0.1.0
     */
    public record Averages(double avg10, double avg60, double avg300) {
    }
}
