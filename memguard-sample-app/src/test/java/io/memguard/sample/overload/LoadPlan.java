package io.memguard.sample.overload;

import java.time.Duration;

/**
 * The open-loop load of the overload proof: arrivals at a rate that rises linearly over the ramp from a fifth of the
 * plateau rate, holds the plateau, jumps to the burst rate, then stops; the silence after it measures recovery.
 * Arrivals come on schedule whatever the app answers; at most {@code maxInFlight} requests are outstanding, and an
 * arrival that finds them all taken is dropped and counted as failed, so the generator cannot run away.
 *
 * @param ramp          the ramp's length
 * @param plateau       the plateau's length
 * @param burst         the burst's length
 * @param plateauRate   arrivals per second on the plateau, all kinds together
 * @param burstRate     arrivals per second in the burst
 * @param ingestShare   share of arrivals that are bulk ingestions ({@code POST /api/ingest}, 1 to 8 MiB)
 * @param catalogShare  share that are catalog reads ({@code GET /api/catalog/{key}}); the rest are light reads
 * @param catalogKeys   distinct catalog keys drawn from, uniformly (the cache grows towards this many entries)
 * @param maxInFlight   most requests outstanding at once
 * @param timeout       a request not answered within this has failed
 * @param recoveryLimit longest wait for recovery after the load
 */
record LoadPlan(Duration ramp, Duration plateau, Duration burst, double plateauRate, double burstRate,
        double ingestShare, double catalogShare, int catalogKeys, int maxInFlight, Duration timeout,
        Duration recoveryLimit) {

    LoadPlan {
        if (ingestShare < 0 || catalogShare < 0 || ingestShare + catalogShare > 1) {
            throw new IllegalArgumentException("ingestShare " + ingestShare + " and catalogShare " + catalogShare
                    + " must be shares that add up to at most 1");
        }
        if (plateauRate <= 0 || burstRate <= 0 || maxInFlight < 1 || catalogKeys < 1) {
            throw new IllegalArgumentException("rates, maxInFlight and catalogKeys must be positive");
        }
    }

    /**
     * The plan of the proof, overridable by system properties {@code overload.rate} (plateau arrivals per second)
     * and {@code overload.plateau-seconds}.
     */
    static LoadPlan standard() {
        double rate = Double.parseDouble(System.getProperty("overload.rate", "40"));
        return new LoadPlan(Duration.ofSeconds(5), Duration.ofSeconds(Long.getLong("overload.plateau-seconds", 20)),
                Duration.ofSeconds(5), rate, rate * 2, 0.2, 0.4, 4_000, 64, Duration.ofSeconds(10),
                Duration.ofSeconds(15));
    }

    Duration loadDuration() {
        return ramp.plus(plateau).plus(burst);
    }

    /** Arrivals per second at {@code seconds} after the start, 0 once the load is over. */
    double rateAt(double seconds) {
        double ramp = this.ramp.toNanos() / 1e9;
        double plateauEnd = ramp + this.plateau.toNanos() / 1e9;
        double burstEnd = plateauEnd + this.burst.toNanos() / 1e9;
        if (seconds < 0 || seconds >= burstEnd) {
            return 0;
        }
        if (seconds < ramp) {
            return plateauRate * (0.2 + 0.8 * seconds / ramp);
        }
        return seconds < plateauEnd ? plateauRate : burstRate;
    }

    /** Whether {@code seconds} after the start falls on the plateau. */
    boolean onPlateau(double seconds) {
        double ramp = this.ramp.toNanos() / 1e9;
        return seconds >= ramp && seconds < ramp + this.plateau.toNanos() / 1e9;
    }
}
