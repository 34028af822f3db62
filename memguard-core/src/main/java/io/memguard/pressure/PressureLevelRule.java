package io.memguard.pressure;

import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.memguard.pressure.MemorySnapshot.ContainerMemory;
import io.memguard.pressure.MemorySnapshot.GcActivity;
import io.memguard.pressure.MemorySnapshot.PressureStall;
import io.memguard.pressure.MemorySnapshot.SignalReading;

/**
 * Computes the level from the readings of the driving signals and the previous level.
 *
 * <p>Each driving signal has a rising level (the highest level whose threshold its ratio meets) and a held level
 * (the same with every threshold lowered by the hysteresis). The new level is the worst rising level, or, if the
 * previous level was worse, the previous level capped by the worst held level: a level is left only once every
 * driving signal is below its threshold minus the hysteresis, so a ratio wandering around a threshold does not flap.
 * PSI is judged twice, {@code some avg10} and {@code full avg10} each against its own thresholds, and counts with the
 * worse of the two. GC overhead is judged against its own thresholds, and is CRITICAL whatever its ratio while the
 * heap forced two or more full collections within its window: a collector that compacts back to back is about to
 * fail, however short each pause. {@code container} counts as at least HIGH on a reading where the kernel reclaimed
 * or throttled the cgroup since the reading before ({@link ContainerMemory#kernelReclaimedSince}). A signal whose
 * growth is projected ({@link GrowthProjection}) is judged by the worse of its ratio and its projected ratio, rising
 * and held alike, so that a level raised by the projection falls back with the same hysteresis as any other; the
 * result says when the driving signal's level came from its projection alone. {@code heap-after-gc} has two
 * projections: that of all its readings, which raises HIGH at most, and that of the live sets collections of the whole
 * heap measured, which may raise CRITICAL.
 */
final class PressureLevelRule {

    private final PressureSettings settings;

    PressureLevelRule(PressureSettings settings) {
        this.settings = settings;
    }

    Result apply(MemoryPressureLevel previous, Map<MemorySignal, SignalReading> readings, @Nullable PressureStall psi) {
        return apply(previous, readings, psi, GcActivity.NONE);
    }

    Result apply(MemoryPressureLevel previous, Map<MemorySignal, SignalReading> readings, @Nullable PressureStall psi,
            GcActivity gc) {
        return apply(previous, readings, psi, gc, MemoryPressureLevel.NONE);
    }

    /**
     * The level, the {@code container} signal counting as at least {@code containerFloor}: the kernel reclaiming
     * or throttling the cgroup is pressure whatever the working set's ratio says.
     */
    Result apply(MemoryPressureLevel previous, Map<MemorySignal, SignalReading> readings, @Nullable PressureStall psi,
            GcActivity gc, MemoryPressureLevel containerFloor) {
        return apply(previous, readings, psi, gc, containerFloor, Map.of());
    }

    /**
     * The level, each signal of {@code projectedRatios} judged by the worse of its ratio and its projected ratio.
     */
    Result apply(MemoryPressureLevel previous, Map<MemorySignal, SignalReading> readings, @Nullable PressureStall psi,
            GcActivity gc, MemoryPressureLevel containerFloor, Map<MemorySignal, Double> projectedRatios) {
        return apply(previous, readings, psi, gc, containerFloor, projectedRatios, true);
    }

    /**
     * The level, {@code heap-after-gc} rising to HIGH at most unless {@code liveSetMeasured}: after a young collection
     * the old generation also holds what that collection promoted, which under load is largely work in flight (a
     * small heap's survivor space overflows into it). Such a reading still raises HIGH. {@link GcHint} measures the
     * live set on purpose from there only where explicit collections run a full collection; where they are disabled it
     * provokes a young collection, which does not measure it. A heap really running out is shown CRITICAL by the
     * measuring collections it cannot avoid (mixed and full ones) and by the GC overhead. A level already reached is held, with the usual
     * hysteresis, by any reading.
     */
    Result apply(MemoryPressureLevel previous, Map<MemorySignal, SignalReading> readings, @Nullable PressureStall psi,
            GcActivity gc, MemoryPressureLevel containerFloor, Map<MemorySignal, Double> projectedRatios,
            boolean liveSetMeasured) {
        return apply(previous, readings, psi, gc, containerFloor, projectedRatios, liveSetMeasured, Double.NaN);
    }

    /**
     * The level, {@code heap-after-gc} also judged by the ratio its measured live set is projected to
     * ({@link GrowthProjection.Outlook#projectedLiveSetRatio()}), which may reach CRITICAL: it comes from collections
     * that measured the live set, not from what young collections promoted.
     */
    Result apply(MemoryPressureLevel previous, Map<MemorySignal, SignalReading> readings, @Nullable PressureStall psi,
            GcActivity gc, MemoryPressureLevel containerFloor, Map<MemorySignal, Double> projectedRatios,
            boolean liveSetMeasured, double projectedLiveSetRatio) {
        MemoryPressureLevel level = MemoryPressureLevel.NONE;
        MemorySignal driving = null;
        double drivingLoad = -1;
        boolean projected = false;
        for (SignalReading reading : readings.values()) {
            MemorySignal signal = reading.signal();
            if (!settings.drivesLevel(signal) || (signal == MemorySignal.PSI && psi == null)) {
                continue;
            }
            MemoryPressureLevel floor = (signal == MemorySignal.CONTAINER) ? containerFloor : MemoryPressureLevel.NONE;
            MemoryPressureLevel ceiling = (signal == MemorySignal.HEAP_AFTER_GC && !liveSetMeasured)
                    ? MemoryPressureLevel.HIGH : MemoryPressureLevel.CRITICAL;
            MemoryPressureLevel measured = levelOf(previous, signal, reading, psi, gc, floor, ceiling);
            Double projectedRatio = projectedRatios.get(signal);
            MemoryPressureLevel signalLevel = measured;
            double load = load(signal, reading, psi);
            if (projectedRatio != null && projectedRatio > reading.ratio()) {
                SignalReading projection = readingAt(reading, projectedRatio);
                MemoryPressureLevel ahead = min(levelOf(previous, signal, projection, psi, gc, floor, ceiling),
                        GrowthProjection.highestProjectedLevel(signal));
                signalLevel = max(measured, ahead);
                load = load(signal, projection, psi);
            }
            if (signal == MemorySignal.HEAP_AFTER_GC && projectedLiveSetRatio > reading.ratio()) {
                // Fitted to measured live sets only, so not held at HIGH as the young collections' projection is.
                SignalReading projection = readingAt(reading, projectedLiveSetRatio);
                MemoryPressureLevel ahead = levelOf(previous, signal, projection, psi, gc, floor,
                        MemoryPressureLevel.CRITICAL);
                if (ahead.compareTo(signalLevel) > 0) {
                    signalLevel = ahead;
                    load = load(signal, projection, psi);
                }
            }
            if (driving == null || signalLevel.compareTo(level) > 0 || (signalLevel == level && load > drivingLoad)) {
                level = signalLevel;
                driving = signal;
                drivingLoad = load;
                projected = signalLevel.compareTo(measured) > 0;
            }
        }
        return new Result(level, driving, projected);
    }

    /** {@code reading} as if its ratio were {@code projectedRatio}: a projection, judged as a reading is. */
    private static SignalReading readingAt(SignalReading reading, double projectedRatio) {
        return new SignalReading(reading.signal(), projectedRatio, reading.usedBytes(), reading.limitBytes());
    }

    /**
     * Whether {@code heap-after-gc} reads or is projected to CRITICAL from collections that did not measure the live
     * set while the level is below CRITICAL: the ceiling of {@link #apply} held it at HIGH, and only a measuring
     * collection can tell garbage promoted by young collections from a heap about to run out. The caller measures at
     * once ({@link GcHint}) rather than leave CRITICAL to the next periodic measurement: a heap filling at a few percent
     * a second runs out within one interval.
     *
     * @param level           the level just found
     * @param readings        the readings it was found from
     * @param projectedRatios the projected ratios it was found from
     * @param liveSetMeasured whether the latest collection measured the live set
     * @return {@code true} when a measurement would decide between HIGH and CRITICAL
     */
    boolean criticalAwaitsMeasurement(MemoryPressureLevel level, Map<MemorySignal, SignalReading> readings,
            Map<MemorySignal, Double> projectedRatios, boolean liveSetMeasured) {
        SignalReading liveSet = readings.get(MemorySignal.HEAP_AFTER_GC);
        if (liveSetMeasured || level == MemoryPressureLevel.CRITICAL || liveSet == null
                || !settings.drivesLevel(MemorySignal.HEAP_AFTER_GC)) {
            return false;
        }
        double ratio = Math.max(liveSet.ratio(), projectedRatios.getOrDefault(MemorySignal.HEAP_AFTER_GC, 0.0));
        return settings.thresholds().levelOf(ratio, 0.0) == MemoryPressureLevel.CRITICAL;
    }

    /**
     * A signal's level: its rising level (at most {@code ceiling}), or the previous level while its held level allows.
     */
    private MemoryPressureLevel levelOf(MemoryPressureLevel previous, MemorySignal signal, SignalReading reading,
            @Nullable PressureStall psi, GcActivity gc, MemoryPressureLevel floor, MemoryPressureLevel ceiling) {
        MemoryPressureLevel rising = max(floor, min(ceiling, levelOf(signal, reading, psi, gc, 0.0)));
        MemoryPressureLevel held = min(previous, levelOf(signal, reading, psi, gc, settings.hysteresis()));
        return max(rising, held);
    }

    private MemoryPressureLevel levelOf(MemorySignal signal, SignalReading reading, @Nullable PressureStall psi,
            GcActivity gc, double hysteresis) {
        if (signal == MemorySignal.GC_OVERHEAD) {
            return (gc.fullCollections() >= 2) ? MemoryPressureLevel.CRITICAL
                    : settings.gcOverheadThresholds().levelOf(reading.ratio(), hysteresis);
        }
        if (signal != MemorySignal.PSI) {
            return settings.thresholds().levelOf(reading.ratio(), hysteresis);
        }
        PressureStall stall = psiOf(psi);
        MemoryPressureLevel some = settings.psiSomeThresholds().levelOf(SignalReadings.clamp(stall.someAvg10()),
                hysteresis);
        if (stall.fullAvg10() < 0) {
            return some;
        }
        return max(some, settings.psiFullThresholds().levelOf(SignalReadings.clamp(stall.fullAvg10()), hysteresis));
    }

    /** How close a signal is to its thresholds, to name the driving signal among signals at the same level. */
    private double load(MemorySignal signal, SignalReading reading, @Nullable PressureStall psi) {
        if (signal == MemorySignal.GC_OVERHEAD) {
            return reading.ratio() / settings.gcOverheadThresholds().low();
        }
        if (signal != MemorySignal.PSI) {
            return reading.ratio() / settings.thresholds().low();
        }
        PressureStall stall = psiOf(psi);
        double some = stall.someAvg10() / settings.psiSomeThresholds().low();
        double full = stall.fullAvg10() / settings.psiFullThresholds().low();
        return Math.max(some, full);
    }

    /** The stall information of the PSI signal, which {@code apply} skips where the kernel gives none. */
    private static PressureStall psiOf(@Nullable PressureStall psi) {
        return Objects.requireNonNull(psi, "psi");
    }

    private static MemoryPressureLevel max(MemoryPressureLevel a, MemoryPressureLevel b) {
        return (a.compareTo(b) >= 0) ? a : b;
    }

    private static MemoryPressureLevel min(MemoryPressureLevel a, MemoryPressureLevel b) {
        return (a.compareTo(b) <= 0) ? a : b;
    }

    /**
     * The level, the signal that set it ({@code null} when no driving signal has a reading), and whether that signal's
     * level came from its projected growth rather than its ratio.
     */
    record Result(MemoryPressureLevel level, @Nullable MemorySignal drivingSignal, boolean projected) {

        Result(MemoryPressureLevel level, MemorySignal drivingSignal) {
            this(level, drivingSignal, false);
        }
    }
}
