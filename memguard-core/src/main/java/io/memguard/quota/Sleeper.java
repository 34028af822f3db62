package io.memguard.quota;

import java.util.concurrent.TimeUnit;

/** Waits for a while: the seam that lets rate-limit tests advance a manual clock instead of sleeping. */
@FunctionalInterface
interface Sleeper {

    Sleeper SYSTEM = TimeUnit.NANOSECONDS::sleep;

    void sleep(long nanos) throws InterruptedException;
}
