package io.memguard.spring.event;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.PressureAware;

/**
 * Publishes {@link ReadinessState#REFUSING_TRAFFIC} through Spring Boot's availability events when memory
 * pressure reaches the refuse level, and {@link ReadinessState#ACCEPTING_TRAFFIC} when it falls below it again.
 * Liveness is never touched: memory pressure is not a reason to restart.
 *
 * <p>memguard only undoes its own refusal: if something else changed the readiness state since, recovery
 * publishes nothing. And while memguard refuses, an {@code ACCEPTING_TRAFFIC} published by someone else
 * (Spring Boot does so when the application is ready) is answered with a new refusal.
 *
 * @since 0.1.0
 */
public final class MemoryReadinessPublisher
        implements PressureAware, ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

    private final ApplicationEventPublisher publisher;

    private final @Nullable ApplicationAvailability availability;

    private final MemoryPressureLevel refuseLevel;

    // Guarded by this.
    private boolean refusing;

    /**
     * Creates the publisher.
     *
     * @param publisher    where availability events go
     * @param availability the application's availability, to tell whether the last refusal was memguard's;
     *                     {@code null} if there is none
     * @param refuseLevel  the level from which traffic is refused
     */
    public MemoryReadinessPublisher(ApplicationEventPublisher publisher, @Nullable ApplicationAvailability availability,
            MemoryPressureLevel refuseLevel) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.availability = availability;
        this.refuseLevel = Objects.requireNonNull(refuseLevel, "refuseLevel");
    }

    @Override
    public synchronized void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current) {
        boolean refuse = current.isAtLeast(refuseLevel);
        if (refuse == refusing) {
            return;
        }
        refusing = refuse;
        if (refuse) {
            AvailabilityChangeEvent.publish(publisher, this, ReadinessState.REFUSING_TRAFFIC);
        }
        else if (ownRefusalInForce()) {
            AvailabilityChangeEvent.publish(publisher, this, ReadinessState.ACCEPTING_TRAFFIC);
        }
    }

    private boolean ownRefusalInForce() {
        if (availability == null) {
            return true;
        }
        AvailabilityChangeEvent<ReadinessState> last = availability.getLastChangeEvent(ReadinessState.class);
        return last != null && last.getSource() == this && last.getState() == ReadinessState.REFUSING_TRAFFIC;
    }

    @Override
    public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
        if (event.getSource() == this || event.getState() != ReadinessState.ACCEPTING_TRAFFIC) {
            return;
        }
        synchronized (this) {
            if (refusing) {
                AvailabilityChangeEvent.publish(publisher, this, ReadinessState.REFUSING_TRAFFIC);
            }
        }
    }

    /**
     * Whether memguard is refusing traffic now.
     *
     * @return {@code true} while pressure is at or above the refuse level
     */
    public synchronized boolean isRefusing() {
        return refusing;
    }
}
