package io.memguard.sample.protect;

import java.util.zip.CRC32;

import com.github.benmanes.caffeine.cache.Cache;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.protect.LowMemoryMode;

/**
 * An ordinary API endpoint, to watch load shedding and low-memory mode at work: under CRITICAL pressure
 * {@code GET /api/work} answers 503 with {@code Retry-After} while {@code /actuator/**} keeps answering.
 * While low-memory mode is on, it skips the optional part of its work, as application code can. Results are kept in a
 * bounded cache that memguard shrinks under pressure ({@link WorkResultsConfiguration}).
 *
 * @since 0.1.0
 */
// Needs memguard's beans: absent from the app run with memguard.enabled=false (the overload proof's baseline).
@ConditionalOnMemguardEnabled
@RestController
public class WorkController {

    private final LowMemoryMode lowMemoryMode;

    private final Cache<WorkKey, WorkResult> results;

    public WorkController(LowMemoryMode lowMemoryMode, Cache<WorkKey, WorkResult> workResults) {
        this.lowMemoryMode = lowMemoryMode;
        this.results = workResults;
    }

    /**
     * Checksums {@code kb} KiB of generated data; the detailed per-block checksums are optional work, left out
     * in low-memory mode.
     *
     * @param kb how much data to process, in KiB (1 to 1024)
     * @return the result
     */
    @GetMapping("/api/work")
    public WorkResult work(@RequestParam(defaultValue = "64") int kb) {
        int size = Math.max(1, Math.min(kb, 1024)) * 1024;
        boolean degraded = lowMemoryMode.isActive();
        return results.get(new WorkKey(size, degraded), key -> compute(key.bytes(), key.degraded()));
    }

    private static WorkResult compute(int size, boolean degraded) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31);
        }
        CRC32 total = new CRC32();
        total.update(data);
        long[] blocks = degraded ? new long[0] : blockChecksums(data);
        return new WorkResult(size, total.getValue(), blocks.length, degraded);
    }

    private static long[] blockChecksums(byte[] data) {
        long[] checksums = new long[(data.length + 4095) / 4096];
        for (int block = 0; block < checksums.length; block++) {
            CRC32 crc = new CRC32();
            int from = block * 4096;
            crc.update(data, from, Math.min(4096, data.length - from));
            checksums[block] = crc.getValue();
        }
        return checksums;
    }

    /**
     * What a result depends on, its key in the cache.
     *
     * @param bytes    bytes processed
     * @param degraded whether the optional work is left out
     */
    public record WorkKey(int bytes, boolean degraded) {
    }

    /**
     * The answer of {@code GET /api/work}.
     *
     * @param bytes          bytes processed
     * @param checksum       CRC32 of all of them
     * @param blockChecksums how many 4 KiB blocks were checksummed separately (0 in low-memory mode)
     * @param lowMemoryMode  whether low-memory mode was on
     */
    public record WorkResult(int bytes, long checksum, int blockChecksums, boolean lowMemoryMode) {
    }
}
