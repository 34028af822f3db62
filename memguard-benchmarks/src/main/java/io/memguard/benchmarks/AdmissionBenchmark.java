package io.memguard.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.memguard.admission.AdmissionController;
import io.memguard.admission.AdmissionController.AdmissionDecision;
import io.memguard.admission.AdmissionController.Priority;
import io.memguard.admission.RouteCosts;

/**
 * What admission adds to a request when memory is calm: the controller's enter and exit of an admitted request (one
 * compare-and-set each), and the whole per-request path of the Spring MVC interceptor minus Spring (route lookup,
 * expected cost, enter, two reads of the thread's allocation counter, exit, recording the cost), each beside the
 * same request path with admission off. Run with {@code -prof gc}: none allocates. The {@code *TwoThreads} pair runs
 * the interceptor's path on two threads sharing the controller and the route, as two request threads do: what the
 * words they both write (the weight in flight, the route's cost, the counters) cost when their cache line moves
 * between cores.
 *
 * @since 0.2.0
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class AdmissionBenchmark {

    private static final long WEIGHT = 64 * 1024;

    private final AdmissionController controller = AdmissionController.builder().maxLimit(1L << 30).build();

    private final RouteCosts costs = RouteCosts.builder().maxRoutes(50).smoothing(0.2).defaultCost(WEIGHT).bodyFactor(4.0)
            .build();

    private final String route = "/orders/{id}";

    /** Stands in for the request's own work, so that no benchmark is optimised away. */
    private long work;

    @Benchmark
    public long admissionOff() {
        return ++work;
    }

    @Benchmark
    public long admissionEnterExit() throws InterruptedException {
        AdmissionDecision decision = controller.enter(WEIGHT, Priority.NORMAL);
        long result = ++work;
        controller.exit(WEIGHT);
        return decision.isAdmitted() ? result : -result;
    }

    @Benchmark
    public long admissionWithRouteCost() throws InterruptedException {
        RouteCosts.Route entry = costs.route(route);
        long weight = costs.expectedCost(entry, -1);
        AdmissionDecision decision = controller.enter(weight, Priority.NORMAL);
        long start = RouteCosts.threadAllocatedBytes();
        long result = ++work;
        controller.exit(weight);
        costs.record(entry, RouteCosts.threadAllocatedBytes() - start);
        return decision.isAdmitted() ? result : -result;
    }

    @Benchmark
    @Threads(2)
    public long admissionOffTwoThreads(Work work) {
        return ++work.done;
    }

    @Benchmark
    @Threads(2)
    public long admissionWithRouteCostTwoThreads(Work work) throws InterruptedException {
        RouteCosts.Route entry = costs.route(route);
        long weight = costs.expectedCost(entry, -1);
        AdmissionDecision decision = controller.enter(weight, Priority.NORMAL);
        long start = RouteCosts.threadAllocatedBytes();
        long result = ++work.done;
        controller.exit(weight);
        costs.record(entry, RouteCosts.threadAllocatedBytes() - start);
        return decision.isAdmitted() ? result : -result;
    }

    /** Each thread's own stand-in for the request's work, so that the two threads share only what admission shares. */
    @State(Scope.Thread)
    public static class Work {

        long done;
    }
}
