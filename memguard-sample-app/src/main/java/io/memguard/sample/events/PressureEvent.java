package io.memguard.sample.events;

import java.time.Instant;

import io.memguard.pressure.MemoryPressureLevel;

/**
 * A memory pressure level change as sent to subscribers of {@code GET /api/events}.
 *
 * @param sequence numbered from 1 in the order of changes (0 for the level a subscriber finds on arrival), so
 *                 that a client sees the gaps left by events dropped for being too slow
 * @param previous the level before
 * @param current  the level after
 * @param at       when the change was seen
 * @since 0.1.0
 */
public record PressureEvent(long sequence, MemoryPressureLevel previous, MemoryPressureLevel current, Instant at) {
}
