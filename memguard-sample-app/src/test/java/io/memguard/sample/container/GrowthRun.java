package io.memguard.sample.container;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.memguard.sample.demo.ForkedSampleApp;

/**
 * One run of memory growth through an ordinary API endpoint of the sample app in a {@link TestCgroup}:
 * {@code POST /api/drafts} at 200 requests a second, each holding {@code rate / 200} MiB for 30 s, while a sampler
 * reads the cgroup's working set every couple of milliseconds. The run lasts until the app has been CRITICAL for
 * {@code afterCritical}, or died, or {@code limit} passed.
 *
 * <p>The times compared come from one clock: the sampler's {@link Instant#now()} and the app's log lines
 * ({@code PressureChangeLogger}, written when the change is published), on the same machine.
 */
final class GrowthRun {

    private static final int REQUESTS_PER_SECOND = 200;

    private static final int MAX_IN_FLIGHT = 64;

    private static final Pattern LEVEL_CHANGE = Pattern.compile(
            "^(\\S+)\\s.*Memory pressure changed from (\\w+) to (\\w+) \\(driving signal: ([\\w-]+)(, projected)?\\)");

    private GrowthRun() {
    }

    /**
     * Drives the app's memory up and watches the cgroup.
     *
     * @param app            the app, running in {@code cgroup}
     * @param cgroup         its cgroup
     * @param rateMibPerSecond the growth to drive, 1 to 200 MiB/s
     * @param criticalRatio  the critical threshold of the container signal
     * @param afterCritical  how long to keep driving once CRITICAL was published
     * @param limit          the longest the run may take
     * @return what happened
     */
    static Result drive(ForkedSampleApp app, TestCgroup cgroup, int rateMibPerSecond, long limitBytes,
            double criticalRatio, Duration afterCritical, Duration limit) throws InterruptedException {
        int kib = Math.max(1, rateMibPerSecond * 1024 / REQUESTS_PER_SECOND);
        long criticalBytes = (long) (criticalRatio * limitBytes);
        long oomKillsBefore = cgroup.oomKills();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger shed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger notSent = new AtomicInteger();
        AtomicLong peak = new AtomicLong();
        AtomicReference<Instant> crossed = new AtomicReference<>();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/drafts?kib=" + kib))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build();
        ScheduledExecutorService driver = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        // Every 2 ms, paced by the scheduler: the working set is read far more often than memguard polls it.
        sampler.scheduleAtFixedRate(() -> {
            // Once the cgroup goes away with the process the read throws, which ends the sampling.
            long workingSet = cgroup.workingSetBytes();
            peak.accumulateAndGet(workingSet, Math::max);
            if (workingSet >= criticalBytes) {
                crossed.compareAndSet(null, Instant.now());
            }
        }, 0, 2, TimeUnit.MILLISECONDS);
        Instant start = Instant.now();
        driver.scheduleAtFixedRate(() -> {
            if (!inFlight.tryAcquire()) {
                notSent.incrementAndGet();
                return;
            }
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                inFlight.release();
                if (failure != null) {
                    failed.incrementAndGet();
                }
                else if (response.statusCode() == 201) {
                    accepted.incrementAndGet();
                }
                else if (response.statusCode() == 503) {
                    shed.incrementAndGet();
                }
                else {
                    failed.incrementAndGet();
                }
            });
        }, 0, 1_000_000 / REQUESTS_PER_SECOND, TimeUnit.MICROSECONDS);
        Instant deadline = start.plus(limit);
        // Drive until the app died, the deadline passed, or afterCritical has passed since CRITICAL was published.
        await("the run's end").atMost(limit.plusSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Instant critical = firstCritical(timeline(app.output()));
            Instant now = Instant.now();
            return !now.isBefore(deadline) || !app.isAlive()
                    || (critical != null && now.isAfter(critical.plus(afterCritical)));
        });
        driver.shutdownNow();
        driver.awaitTermination(5, TimeUnit.SECONDS);
        Duration driven = Duration.between(start, Instant.now());
        // Let the answers in flight arrive, so that every request sent is counted.
        inFlight.tryAcquire(MAX_IN_FLIGHT, 30, TimeUnit.SECONDS);
        sampler.shutdownNow();
        sampler.awaitTermination(5, TimeUnit.SECONDS);
        List<LevelChange> timeline = timeline(app.output());
        return new Result(rateMibPerSecond, kib, driven, limitBytes, criticalBytes, oomKillsBefore,
                cgroup.oomKills(), app.isAlive(), accepted.get(), shed.get(), failed.get(), notSent.get(),
                peak.get(), crossed.get(), timeline);
    }

    /**
     * The level changes the app logged.
     *
     * @param output the app's output
     * @return the changes, oldest first
     */
    static List<LevelChange> timeline(String output) {
        List<LevelChange> changes = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher matcher = LEVEL_CHANGE.matcher(line);
            if (matcher.find()) {
                try {
                    changes.add(new LevelChange(OffsetDateTime.parse(matcher.group(1)).toInstant(), matcher.group(2),
                            matcher.group(3), matcher.group(4), matcher.group(5) != null));
                }
                catch (DateTimeParseException ex) {
                    // Not a log line of the default format: not a change this run can time.
                }
            }
        }
        return changes;
    }

    private static Instant firstCritical(List<LevelChange> timeline) {
        return timeline.stream().filter((change) -> change.current().equals("CRITICAL")).map(LevelChange::at)
                .findFirst().orElse(null);
    }

    /**
     * One level change, as logged by the app.
     *
     * @param at        when it was published
     * @param previous  the level before
     * @param current   the level after
     * @param driving   the driving signal
     * @param projected whether the projection raised the level
     */
    record LevelChange(Instant at, String previous, String current, String driving, boolean projected) {

        @Override
        public String toString() {
            return at + " " + previous + "->" + current + " (" + driving + (projected ? ", projected" : "") + ")";
        }
    }

    /**
     * What one run saw.
     *
     * @param rateMibPerSecond the growth driven
     * @param kib              the size of each draft
     * @param driven           how long requests were sent
     * @param limitBytes       the cgroup's limit
     * @param criticalBytes    the working set of the critical threshold
     * @param oomKillsBefore   the cgroup's OOM-kill counter before
     * @param oomKillsAfter    the cgroup's OOM-kill counter after
     * @param alive            whether the app still ran at the end
     * @param accepted         requests answered 201
     * @param shed             requests answered 503
     * @param failed           requests that failed otherwise
     * @param notSent          requests not sent because 64 were already in flight
     * @param peakWorkingSet   the highest working set sampled
     * @param crossedCritical  when the sampled working set first reached the critical threshold, or {@code null}
     * @param timeline         the level changes the app published
     */
    record Result(int rateMibPerSecond, int kib, Duration driven, long limitBytes, long criticalBytes,
            long oomKillsBefore, long oomKillsAfter, boolean alive, int accepted, int shed, int failed, int notSent,
            long peakWorkingSet, Instant crossedCritical, List<LevelChange> timeline) {

        /** When CRITICAL was first published, or {@code null}. */
        Instant firstCritical() {
            return GrowthRun.firstCritical(timeline);
        }

        /**
         * From the working set reaching the critical threshold to CRITICAL published, in ms: negative when CRITICAL
         * came first (projected); {@code null} where either never happened.
         */
        Long reactionMillis() {
            Instant critical = firstCritical();
            return (critical != null && crossedCritical != null)
                    ? Duration.between(crossedCritical, critical).toMillis() : null;
        }

        /** One line for the record of a run. */
        String summary() {
            long mib = 1024 * 1024;
            return String.format(Locale.ROOT, "rate=%dMiB/s draft=%dKiB driven=%.1fs limit=%dMiB critical=%dMiB "
                    + "peak=%dMiB alive=%s oom_kill=%d->%d accepted=%d shed=%d failed=%d notSent=%d "
                    + "crossedCritical=%s firstCritical=%s reactionMs=%s timeline=%s", rateMibPerSecond, kib,
                    driven.toMillis() / 1000.0, limitBytes / mib, criticalBytes / mib, peakWorkingSet / mib, alive,
                    oomKillsBefore, oomKillsAfter, accepted, shed, failed, notSent, crossedCritical, firstCritical(),
                    reactionMillis(), timeline);
        }
    }
}
