package io.memguard.spring.event;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes what a memguard component tells its listeners as a Spring application event, from the moment the bridge
 * is made until it is closed with its bean: the one way memguard's reports reach {@code @EventListener} methods.
 *
 * <p>The auto-configurations make one bridge per kind of report, each a bean named after what it publishes (such as
 * {@code memoryPressureEventPublisher}); an application bean of that name replaces it. A listener of the application
 * that throws is the component's to contain: every memguard component logs and counts a listener that throws and
 * goes on telling the others.
 *
 * @param <T> what the component reports, such as a {@code MemoryPressureChange}
 * @since 0.2.0
 */
public final class EventBridge<T> implements AutoCloseable {

    private final Consumer<T> listener;

    private final Consumer<Consumer<T>> removeListener;

    private EventBridge(ApplicationEventPublisher publisher, Consumer<Consumer<T>> addListener,
            Consumer<Consumer<T>> removeListener, Function<? super T, ?> toEvent) {
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(toEvent, "toEvent");
        this.listener = (report) -> publisher.publishEvent(toEvent.apply(report));
        this.removeListener = Objects.requireNonNull(removeListener, "removeListener");
        Objects.requireNonNull(addListener, "addListener").accept(listener);
    }

    /**
     * Starts publishing a component's reports: registers with the component at once.
     *
     * @param publisher      where the events go, usually the application context
     * @param addListener    how the component takes a listener, such as {@code monitor::addListener}
     * @param removeListener how it lets one go, such as {@code monitor::removeListener}
     * @param toEvent        the event for one report
     * @param <T>            what the component reports
     * @return the bridge, to be closed with its bean (Spring calls {@code close()} when it destroys a {@code @Bean})
     */
    public static <T> EventBridge<T> start(ApplicationEventPublisher publisher, Consumer<Consumer<T>> addListener,
            Consumer<Consumer<T>> removeListener, Function<? super T, ?> toEvent) {
        return new EventBridge<>(publisher, addListener, removeListener, toEvent);
    }

    /**
     * Stops publishing: unregisters from the component.
     */
    @Override
    public void close() {
        removeListener.accept(listener);
    }
}
