package io.memguard.sample.overload;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * NDJSON bodies for {@code POST /api/ingest}, one of each whole size from 1 to 8 MiB, built once and sent many
 * times: order lines of about 200 bytes, which the app's Jackson trees hold in several times that.
 */
final class NdjsonBatches {

    static final int SMALLEST_MIB = 1;

    static final int LARGEST_MIB = 8;

    private final byte[][] bodies = new byte[LARGEST_MIB + 1][];

    NdjsonBatches() {
        SplittableRandom random = new SplittableRandom(14);
        for (int mib = SMALLEST_MIB; mib <= LARGEST_MIB; mib++) {
            bodies[mib] = batch(mib << 20, random);
        }
    }

    /** The body of {@code mib} MiB (1 to 8), give or take one line. */
    byte[] ofMiB(int mib) {
        if (mib < SMALLEST_MIB || mib > LARGEST_MIB) {
            throw new IllegalArgumentException("mib " + mib + " is not between 1 and 8");
        }
        return bodies[mib];
    }

    static byte[] batch(int bytes, SplittableRandom random) {
        StringBuilder out = new StringBuilder(bytes + 256);
        long id = 0;
        while (out.length() < bytes) {
            out.append("{\"id\":").append(id++)
                .append(",\"customer\":\"customer-").append(random.nextInt(1000))
                .append("\",\"sku\":\"SKU-").append(random.nextInt(100_000))
                .append("\",\"quantity\":").append(random.nextInt(1, 20))
                .append(",\"amount\":").append(random.nextInt(100, 100_000) / 100.0)
                .append(",\"currency\":\"EUR\",\"tags\":[\"web\",\"").append(random.nextBoolean() ? "promo" : "regular")
                .append("\"],\"note\":\"").append(Long.toString(random.nextLong(), 36))
                .append(Long.toString(random.nextLong(), 36)).append("\",\"ts\":")
                .append(1_733_000_000_000L + random.nextInt(1_000_000_000)).append("}\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
