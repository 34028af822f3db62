package io.memguard.pressure;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.GlobalMemory;
import oshi.hardware.VirtualMemory;

import io.memguard.pressure.MemorySnapshot.SystemMemory;

/**
 * Reads {@code system}: host memory and swap through OSHI, where {@code /proc/meminfo} is not there (macOS,
 * Windows, the BSDs).
 *
 * <p>OSHI reaches the operating system through JNA, which unpacks and loads a native library and may fork helper
 * commands the first time. That happens off the caller's thread, on a thread of its own started by the first read:
 * until it is done the signal is absent, so start-up never waits for it. If it fails (an unusable
 * {@code jna.tmpdir}, {@code Could not initialize class com.sun.jna.Native}, a missing native library), or a later
 * read throws such a linkage error, the signal stays absent for good, with one warning.
 */
final class OshiSystemMemoryProbe implements MemoryProbe<SystemMemory> {

    private static final Logger logger = LoggerFactory.getLogger(OshiSystemMemoryProbe.class);

    private final Supplier<GlobalMemory> loader;

    private final Executor executor;

    /** Started by the first read; only the monitor's thread reads it, never concurrently with itself. */
    private @Nullable CompletableFuture<GlobalMemory> memory;

    private boolean broken;

    OshiSystemMemoryProbe() {
        this(() -> new SystemInfo().getHardware().getMemory(), (task) -> {
            Thread thread = new Thread(task, "memguard-system-probe-init");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /**
     * Creates the probe.
     *
     * @param loader   gets OSHI's view of host memory; this is where native access is loaded
     * @param executor runs {@code loader} once, off the thread that reads
     */
    OshiSystemMemoryProbe(Supplier<GlobalMemory> loader, Executor executor) {
        this.loader = loader;
        this.executor = executor;
    }

    @Override
    public Optional<SystemMemory> read() {
        if (broken) {
            return Optional.empty();
        }
        if (memory == null) {
            memory = CompletableFuture.supplyAsync(loader, executor);
        }
        if (!memory.isDone()) {
            return Optional.empty();
        }
        try {
            GlobalMemory global = memory.join();
            long total = global.getTotal();
            if (total <= 0) {
                return Optional.empty();
            }
            VirtualMemory swap = global.getVirtualMemory();
            return Optional.of(new SystemMemory(total, global.getAvailable(), swap.getSwapUsed(),
                    swap.getSwapTotal()));
        }
        catch (CompletionException ex) {
            return giveUp(ex.getCause() != null ? ex.getCause() : ex);
        }
        catch (LinkageError ex) {
            return giveUp(ex);
        }
    }

    /** Native access failed to load; it will not load later in this JVM (a class that failed to initialize stays so). */
    private Optional<SystemMemory> giveUp(Throwable cause) {
        broken = true;
        logger.warn("Host memory cannot be read through OSHI/JNA, so the system signal stays absent: {}",
                cause.toString());
        logger.debug("OSHI/JNA failure", cause);
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "system";
    }
}
