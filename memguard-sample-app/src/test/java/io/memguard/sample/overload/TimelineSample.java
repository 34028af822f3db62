package io.memguard.sample.overload;

/**
 * One point of a run's timeline, taken from outside the app.
 *
 * @param seconds       seconds since the load started
 * @param heapUsedBytes heap in use, or -1 when the app did not answer
 * @param heapMaxBytes  heap max, or -1 when the app did not answer
 * @param level         memguard's level 0..4, or -1 when memguard is off or the app did not answer
 * @param acceptedPerSecond chunks acknowledged per second since the previous point
 */
record TimelineSample(double seconds, long heapUsedBytes, long heapMaxBytes, int level, double acceptedPerSecond) {

    double heapOccupancy() {
        return (heapUsedBytes < 0 || heapMaxBytes <= 0) ? -1 : (double) heapUsedBytes / heapMaxBytes;
    }
}
