package io.memguard.ringbuffer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import io.memguard.ringbuffer.RingBuffer.DropReason;

/** Keeps every dropped item with its reason, in order. */
final class RecordingDropHandler<T> implements BiConsumer<T, DropReason> {

    record Drop<T>(T item, DropReason reason) {
    }

    private final List<Drop<T>> drops = new CopyOnWriteArrayList<>();

    @Override
    public void accept(T item, DropReason reason) {
        drops.add(new Drop<>(item, reason));
    }

    List<Drop<T>> drops() {
        return drops;
    }
}
