package io.memguard.pressure;

import java.util.Optional;

import oshi.SystemInfo;
import oshi.hardware.GlobalMemory;
import oshi.hardware.VirtualMemory;

/**
 * Reads {@code system}: host memory and swap through OSHI.
 */
final class OshiSystemMemoryProbe implements MemoryProbe<SystemMemory> {

    private GlobalMemory memory;

    @Override
    public Optional<SystemMemory> read() {
        // Called by one thread at a time; OSHI's first use loads native access, so it happens on the monitor thread.
        if (memory == null) {
            memory = new SystemInfo().getHardware().getMemory();
        }
        long total = memory.getTotal();
        if (total <= 0) {
            return Optional.empty();
        }
        VirtualMemory swap = memory.getVirtualMemory();
        return Optional.of(new SystemMemory(total, memory.getAvailable(), swap.getSwapUsed(), swap.getSwapTotal()));
    }

    @Override
    public String toString() {
        return "system";
    }
}
