import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.boot.SpringApplication;
import org.springframework.core.metrics.ApplicationStartup;
import org.springframework.core.metrics.StartupStep;

/**
 * Where memguard's start-up time goes: starts an application with an {@link ApplicationStartup} that times every
 * start-up step of Spring (bean creation, post-processors) in CPU time of the starting thread and in classes loaded,
 * and prints the steps that name memguard, slowest first, with the time of their own (nested steps taken out).
 *
 * <pre>
 * scripts/startup-cost.sh -Druns=1     # explodes the sample's jar under memguard-sample-app/target/starter-cost/
 * x=memguard-sample-app/target/starter-cost/exploded
 * java -cp "$x/BOOT-INF/classes:$x/BOOT-INF/lib/*" scripts/StartupSteps.java io.memguard.sample.SampleApplication --server.port=0
 * </pre>
 */
public class StartupSteps implements ApplicationStartup {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

    private final Deque<Step> open = new ArrayDeque<>();

    private final List<Step> ended = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        SpringApplication application = new SpringApplication(Class.forName(args[0]));
        StartupSteps steps = new StartupSteps();
        application.setApplicationStartup(steps);
        String[] appArgs = java.util.Arrays.copyOfRange(args, 1, args.length);
        try (var context = application.run(appArgs)) {
            steps.print(Integer.getInteger("top", 25));
        }
        System.exit(0);
    }

    @Override
    public StartupStep start(String name) {
        Step step = new Step(name, open.peek());
        open.push(step);
        return step;
    }

    private void print(int top) {
        List<Step> memguard = ended.stream().filter(Step::namesMemguard).toList();
        // Steps inside another memguard step are counted in it, not again.
        List<Step> outermost = memguard.stream().filter((step) -> !step.insideMemguardStep()).toList();
        System.out.printf("%nmemguard's start-up steps on the starting thread: %d, %.0f ms CPU, %d classes loaded%n",
                outermost.size(), outermost.stream().mapToLong((s) -> s.cpuNanos).sum() / 1e6,
                outermost.stream().mapToLong((s) -> s.classes).sum());
        System.out.printf("%10s %10s %8s  %s%n", "CPU ms", "own ms", "classes", "step");
        memguard.stream().sorted(Comparator.comparingLong((Step s) -> s.cpuNanos).reversed()).limit(top)
                .forEach((s) -> System.out.printf("%10.1f %10.1f %8d  %s %s%n", s.cpuNanos / 1e6, s.ownCpuNanos() / 1e6,
                        s.ownClasses(), s.name, s.tags));
        // Spring's reading of the configuration classes and their conditions grows with every auto-configuration on
        // the class path, and the refresh holds all of the context's work on this thread: compare these lines with
        // and without the starter.
        ended.stream().filter((s) -> s.name.equals("spring.context.config-classes.parse")).forEach((s) -> System.out
                .printf("configuration classes read (%s): %.0f ms CPU, %d classes loaded%n", s.tags.toString().trim(),
                        s.cpuNanos / 1e6, s.classes));
        ended.stream().filter((s) -> s.name.equals("spring.context.refresh")).forEach((s) -> System.out
                .printf("context refresh in all: %.0f ms CPU, %d classes loaded%n", s.cpuNanos / 1e6, s.classes));
        System.out.printf("starting thread in all: %.0f ms CPU; %d classes loaded%n",
                THREADS.getCurrentThreadCpuTime() / 1e6, CLASSES.getTotalLoadedClassCount());
    }

    /** One step, timed from its start to its end on the starting thread. */
    private final class Step implements StartupStep {

        final String name;

        final Step parent;

        final List<Step> children = new ArrayList<>();

        final StringBuilder tags = new StringBuilder();

        final long cpuStart = THREADS.getCurrentThreadCpuTime();

        final long classesStart = CLASSES.getTotalLoadedClassCount();

        long cpuNanos;

        long classes;

        Step(String name, Step parent) {
            this.name = name;
            this.parent = parent;
            if (parent != null) {
                parent.children.add(this);
            }
        }

        boolean namesMemguard() {
            return tags.indexOf("memguard") >= 0 && tags.indexOf("io.memguard.sample") < 0;
        }

        boolean insideMemguardStep() {
            for (Step up = parent; up != null; up = up.parent) {
                if (up.namesMemguard()) {
                    return true;
                }
            }
            return false;
        }

        long ownCpuNanos() {
            return cpuNanos - children.stream().mapToLong((c) -> c.cpuNanos).sum();
        }

        long ownClasses() {
            return classes - children.stream().mapToLong((c) -> c.classes).sum();
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public long getId() {
            return 0;
        }

        @Override
        public Long getParentId() {
            return null;
        }

        @Override
        public StartupStep tag(String key, String value) {
            tags.append(key).append('=').append(value).append(' ');
            return this;
        }

        @Override
        public StartupStep tag(String key, Supplier<String> value) {
            return tag(key, value.get());
        }

        @Override
        public Tags getTags() {
            return java.util.Collections::emptyIterator;
        }

        @Override
        public void end() {
            cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuStart;
            classes = CLASSES.getTotalLoadedClassCount() - classesStart;
            open.remove(this);
            ended.add(this);
        }
    }
}
