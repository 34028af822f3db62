package io.memguard.sample.ingest;

/**
 * What one ingested batch held.
 *
 * @param records   the records (lines) parsed
 * @param bytes     the body's size
 * @param customers the distinct {@code customer} values
 * @param amount    the sum of the {@code amount} values
 * @since 0.1.0
 */
public record BatchSummary(int records, long bytes, int customers, double amount) {
}
