package io.memguard.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.memguard.pool.ObjectPool.AbandonedObject;

class AbandonedObjectTests {

    @Test
    void describesTheBorrowingStackFrameByFrame() {
        StackTraceElement frame = new StackTraceElement("com.example.Handler", "handle", "Handler.java", 7);
        AbandonedObject object = new AbandonedObject("parsers", "com.example.Parser", Duration.ofMinutes(6),
                "worker-2", List.of(frame));

        assertThat(object.describe()).isEqualTo("A com.example.Parser from object pool 'parsers' has been borrowed"
                + " for PT6M without being returned, by thread 'worker-2', at:" + System.lineSeparator()
                + "\tat com.example.Handler.handle(Handler.java:7)");
    }

    @Test
    void saysHowToRecordTheStackWhenItWasNot() {
        AbandonedObject object = new AbandonedObject("parsers", "P", Duration.ofMinutes(6), "w", List.of());
        assertThat(object.describe()).endsWith("set memguard.object-pool.abandoned.capture-stack=true to record"
                + " where objects are borrowed.");
    }
}
