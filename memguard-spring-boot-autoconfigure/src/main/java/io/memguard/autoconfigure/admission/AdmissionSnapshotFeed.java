package io.memguard.autoconfigure.admission;

import java.util.function.Consumer;

import io.memguard.admission.AdmissionController;
import io.memguard.pressure.DefaultMemoryPressureMonitor;
import io.memguard.pressure.MemorySnapshot;

/**
 * Feeds the admission controller every snapshot of the pressure monitor (each poll and each collection) for as long
 * as this bean lives.
 *
 * @since 0.2.0
 */
final class AdmissionSnapshotFeed implements AutoCloseable {

    private final DefaultMemoryPressureMonitor monitor;

    private final Consumer<MemorySnapshot> feed;

    /**
     * Starts feeding.
     *
     * @param monitor    the pressure monitor
     * @param controller the controller
     */
    AdmissionSnapshotFeed(DefaultMemoryPressureMonitor monitor, AdmissionController controller) {
        this.monitor = monitor;
        this.feed = controller::onSnapshot;
        monitor.addSnapshotListener(feed);
    }

    @Override
    public void close() {
        monitor.removeSnapshotListener(feed);
    }
}
