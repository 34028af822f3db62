import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.tools.ToolProvider;

/**
 * What the memguard starter costs an application, printed as tables. Every variant runs in a fresh JVM, the variants
 * alternately, {@code runs} times each; the medians are compared.
 *
 * <p>{@code startup}: time from JVM launch to ready (Spring Boot's "process running for"), the CPU time of all the
 * JVM's threads by then, and the classes loaded by then (jstat), for these variants:
 * <ul>
 * <li>a plain web application (Spring MVC and Actuator, one controller), compiled here against the sample's
 * dependencies, without the starter's jars, with the Prometheus registry's jars only, and with all the starter's jars
 * (memguard, the Prometheus registry, JCTools, OSHI and JNA). The starter against the plain app is its cost to an
 * application that adds it and uses none of its API (the target's figure); the starter against the plain app with
 * the registry is memguard's own cost to an application that already has Actuator and the Prometheus registry, as
 * most services on Kubernetes do;</li>
 * <li>the sample app with {@code memguard.enabled} true and false: memguard's cost to an application that uses every
 * part of it (the sample's own memguard-using beans included); {@code -Dsample=false} leaves this pair out.</li>
 * </ul>
 * On Linux the CPU time of the starting thread and of the JIT compilers is printed too (from {@code /proc}): memguard's
 * own work runs on the first, and the second grows with the code run at start. CPU time and class count are moved
 * less than wall time by other work on the machine. With {@code -Dbreakdown=true}
 * two more variants of the plain app show what the starter's cost is made of: with the starter and
 * {@code memguard.enabled=false}, and with the starter but without the parts an application reaches only through
 * their API (quotas, buffer pool, object pools), and a third with every feature of {@code -Dfeatures=true} left out
 * (memguard on, its monitor and shared parts only). With {@code -Dfeatures=true}, the plain app + starter without each
 * feature in turn (by its switch, or by leaving out its auto-configurations): the starter's figure minus that variant's
 * is what the feature costs at start. With {@code -Dclasses=true}, the plain app and the plain app + starter start
 * once more each with {@code -Xlog:class+load}, and the classes the starter adds by ready are printed by package and
 * listed in a file.
 *
 * <p>{@code calm}: the sample's ordinary {@code GET /api/drafts} (a JSON answer, no memguard API on its path), in
 * three variants: no memguard and no Prometheus registry, the Prometheus registry only, memguard and the registry.
 * Each run warms up, then measures the throughput at saturation ({@code wrk}, closed loop) and the app's CPU time
 * per request at a fixed rate well below saturation (open loop, after a warm-up of its own client), which other work
 * on the machine moves less, split by kind of thread on Linux (Tomcat's, memguard's, the JIT compilers', the
 * collector's, the rest).
 *
 * <p>{@code profile}: where memguard's cost per request is, from the JVM's own flight recorder rather than from a
 * difference between variants: the sample with memguard on, {@code GET /api/drafts} flat out ({@code wrk}) and then at
 * the calm run's fixed rate (open loop), each recorded after a warm-up with Java execution sampled every millisecond.
 * Prints for each the share of the request threads' samples
 * (and of all threads') with a memguard method on the stack (the sample's own code, {@code io.memguard.sample}, left
 * out), memguard's methods by samples, and the bytes allocated per request under a memguard method against all bytes
 * allocated per request (the recorder's allocation samples, weighted). The samples cover Java code only: time in
 * native code and the kernel (the sockets' reads and writes) is in no sample, so the shares are of the Java time,
 * an upper bound of the share of all CPU time.
 *
 * <p>Run by {@code scripts/startup-cost.sh}, {@code scripts/calm-cost.sh} and {@code scripts/calm-profile.sh}.
 */
public class StarterCost {

    private static final List<String> JVM_ARGS = List.of("-Xmx256m", "-XX:+UseG1GC");

    /** The kinds of thread the calm run's CPU time is split into, in the order printed. */
    private static final List<String> THREAD_KINDS = List.of("Tomcat threads", "memguard threads", "JIT compilers",
            "GC threads", "other threads");

    private static final String JIT = "JIT compilers";

    /**
     * Every thread but the JIT compilers: what a request costs once the code is compiled, which a run of a few seconds
     * after a short warm-up does not reach (the compilers were still at work in every run on two cores).
     */
    private static final String ALL_BUT_JIT = "all threads but the JIT compilers";

    /** USER_HZ of Linux's /proc figures: 100 on every mainstream kernel build. */
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    /** The sample's dependencies that the starter brings, left out of the plain app's class path "without". */
    private static final Pattern STARTER_JARS = Pattern.compile(
            "memguard-.*|micrometer-registry-prometheus-.*|prometheus-metrics-.*|jctools-core-.*|oshi-core-.*|jna-.*");

    /** The starter's jars other than the Prometheus registry's ({@code -Dbreakdown=true}). */
    private static final Pattern MEMGUARD_JARS = Pattern.compile("memguard-.*|jctools-core-.*|oshi-core-.*|jna-.*");

    private static final String PLAIN = "plain app";

    private static final String PLAIN_REGISTRY = "plain app + Prometheus registry";

    private static final String PLAIN_STARTER = "plain app + starter";

    private static final String PLAIN_STARTER_WITHOUT = PLAIN_STARTER + ", without ";

    private static final String EXCLUDE = "--spring.autoconfigure.exclude=";

    private static final String AUTOCONFIGURE = EXCLUDE + "io.memguard.autoconfigure.";

    /** With {@code -Dfeatures=true}: each feature, and the argument that leaves it out of the plain app + starter. */
    private static final Map<String, String> FEATURES = features();

    private static final String SAMPLE_OFF = "sample, memguard off";

    private static final String SAMPLE_ON = "sample, memguard on";

    private static final String PLAIN_APP = """
            package plain;

            import org.springframework.boot.SpringApplication;
            import org.springframework.boot.autoconfigure.SpringBootApplication;
            import org.springframework.web.bind.annotation.GetMapping;
            import org.springframework.web.bind.annotation.RestController;

            @SpringBootApplication
            @RestController
            public class PlainApplication {

                @GetMapping("/hello")
                String hello() {
                    return "hello";
                }

                public static void main(String[] args) {
                    SpringApplication.run(PlainApplication.class, args);
                }
            }
            """;

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path jar = Path.of(args[1]);
        Path work = Files.createDirectories(Path.of(args[2]));
        int runs = Integer.getInteger("runs", 5);
        System.out.printf("JVM %s, %d CPUs, %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), loadAverage());
        if (mode.equals("startup")) {
            startup(jar, work, runs);
        }
        else if (mode.equals("calm")) {
            calm(jar, work, runs);
        }
        else if (mode.equals("profile")) {
            profile(jar, work, runs);
        }
        else {
            throw new IllegalArgumentException("mode must be startup, calm or profile, not " + mode);
        }
        System.out.printf("%nat the end: %s%n", loadAverage());
    }

    private static Map<String, String> features() {
        Map<String, String> features = new LinkedHashMap<>();
        features.put("quotas", "--memguard.quota.enabled=false");
        features.put("buffer pool", "--memguard.buffer-pool.enabled=false");
        features.put("object pools", "--memguard.object-pool.enabled=false");
        features.put("ring buffers", AUTOCONFIGURE + "ringbuffer.RingBufferAutoConfiguration");
        features.put("cleanup", AUTOCONFIGURE + "cleanup.CleanupAutoConfiguration");
        features.put("load shedding", "--memguard.shedding.enabled=false");
        features.put("admission", "--memguard.admission.enabled=false");
        features.put("concurrency limit", "--memguard.concurrency.enabled=false");
        features.put("low-memory mode", AUTOCONFIGURE + "protect.LowMemoryModeAutoConfiguration");
        features.put("diagnostics", AUTOCONFIGURE + "diagnostics.MemoryAlertsAutoConfiguration,"
                + "io.memguard.autoconfigure.diagnostics.LeakDetectionAutoConfiguration,"
                + "io.memguard.autoconfigure.diagnostics.RecommendationsAutoConfiguration,"
                + "io.memguard.autoconfigure.diagnostics.OutOfMemoryAutoConfiguration,"
                + "io.memguard.autoconfigure.diagnostics.ContainerFitAutoConfiguration");
        features.put("endpoint, health, metrics, readiness", AUTOCONFIGURE
                + "actuate.endpoint.MemoryEndpointAutoConfiguration,"
                + "io.memguard.autoconfigure.health.MemoryHealthContributorAutoConfiguration,"
                + "io.memguard.autoconfigure.metrics.MemoryPressureMetricsAutoConfiguration,"
                + "io.memguard.autoconfigure.protect.MemoryReadinessAutoConfiguration");
        return features;
    }

    /** The arguments that leave out every feature of {@link #FEATURES} at once: their switches, and one exclusion. */
    private static String[] everyFeatureLeftOut() {
        List<String> arguments = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        for (String switchOff : FEATURES.values()) {
            if (switchOff.startsWith(AUTOCONFIGURE)) {
                excluded.add(switchOff.substring(EXCLUDE.length()));
            }
            else {
                arguments.add(switchOff);
            }
        }
        arguments.add(EXCLUDE + String.join(",", excluded));
        return arguments.toArray(String[]::new);
    }

    private static void startup(Path jar, Path work, int runs) throws Exception {
        Path exploded = explode(jar, work.resolve("exploded"));
        List<Path> libs;
        try (Stream<Path> files = Files.list(exploded.resolve("BOOT-INF/lib"))) {
            libs = files.sorted().toList();
        }
        List<Path> withoutStarter = libs.stream()
                .filter((lib) -> !STARTER_JARS.matcher(lib.getFileName().toString()).matches()).toList();
        Path plainClasses = compilePlainApp(work.resolve("plain"), withoutStarter);
        Map<String, Launch> variants = new LinkedHashMap<>();
        // The plain app has Spring MVC and Actuator; with the Prometheus registry too it is the usual Kubernetes
        // service, which already has every dependency of the starter but memguard's own jars.
        List<Path> registryOnly = libs.stream()
                .filter((lib) -> !MEMGUARD_JARS.matcher(lib.getFileName().toString()).matches()).toList();
        variants.put(PLAIN, Launch.classPath(plainClasses, withoutStarter, "plain.PlainApplication"));
        variants.put(PLAIN_REGISTRY, Launch.classPath(plainClasses, registryOnly, "plain.PlainApplication"));
        variants.put(PLAIN_STARTER, Launch.classPath(plainClasses, libs, "plain.PlainApplication"));
        if (Boolean.getBoolean("breakdown")) {
            // What the starter's cost is made of: the starter with memguard switched off (its jars and
            // auto-configurations read, every condition false), and without the parts an application uses only
            // through their API (quotas, buffer and object pools).
            variants.put("plain app + starter, memguard off",
                    Launch.classPath(plainClasses, libs, "plain.PlainApplication", "--memguard.enabled=false"));
            variants.put("plain app + starter, API parts off",
                    Launch.classPath(plainClasses, libs, "plain.PlainApplication", "--memguard.quota.enabled=false",
                            "--memguard.buffer-pool.enabled=false", "--memguard.object-pool.enabled=false"));
            // memguard on with every feature left out: the floor of memguard on (the monitor, the properties and
            // what every feature shares), which no restructuring of the features reaches below.
            variants.put("plain app + starter, monitor only",
                    Launch.classPath(plainClasses, libs, "plain.PlainApplication", everyFeatureLeftOut()));
        }
        if (Boolean.getBoolean("features")) {
            // What each feature costs: the starter without it, against the starter with every feature.
            FEATURES.forEach((feature, switchOff) -> variants.put(PLAIN_STARTER_WITHOUT + feature,
                    Launch.classPath(plainClasses, libs, "plain.PlainApplication", switchOff)));
        }
        if (Boolean.parseBoolean(System.getProperty("sample", "true"))) {
            variants.put(SAMPLE_OFF, Launch.jar(jar, "--memguard.enabled=false"));
            variants.put(SAMPLE_ON, Launch.jar(jar, "--memguard.enabled=true"));
        }
        Map<String, List<App>> started = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            for (Map.Entry<String, Launch> variant : variants.entrySet()) {
                try (App app = App.start(variant.getValue(), work.resolve("startup-" + slug(variant.getKey()) + "-" + run + ".log"))) {
                    started.computeIfAbsent(variant.getKey(), (k) -> new ArrayList<>()).add(app);
                }
            }
            if (run < runs - 1) {
                // On a busy machine a run may take long: what is measured so far is printed as it comes.
                printStartup(started, run + 1);
            }
        }
        printStartup(started, runs);
        if (Boolean.getBoolean("classes")) {
            classesAtReady(variants.get(PLAIN), variants.get(PLAIN_STARTER), work);
        }
    }

    /**
     * With {@code -Dclasses=true}: starts the plain app and the plain app + starter once more each (not timed), with
     * {@code -Xlog:class+load}, and prints the classes the starter adds by ready (the log's uptime up to Spring Boot's
     * "process running for"): how many, memguard's own and their lambdas, and the rest by package. The list of every
     * class added is written beside the logs. Lambdas and other hidden classes are counted under the class that
     * declares them ({@code Foo$$Lambda}), so that two runs can be compared name by name.
     */
    private static void classesAtReady(Launch plain, Launch starter, Path work) throws Exception {
        Map<String, Integer> without = loadedAtReady(plain, work.resolve("classes-plain-app.log"));
        Map<String, Integer> with = loadedAtReady(starter, work.resolve("classes-plain-app-starter.log"));
        Map<String, Integer> added = new TreeMap<>();
        with.forEach((name, count) -> {
            int more = count - without.getOrDefault(name, 0);
            if (more > 0) {
                added.put(name, more);
            }
        });
        int total = added.values().stream().mapToInt(Integer::intValue).sum();
        int memguard = sum(added, (name) -> name.startsWith("io.memguard."));
        int memguardLambdas = sum(added, (name) -> name.startsWith("io.memguard.") && name.contains("$$Lambda"));
        System.out.printf("%nClasses loaded by ready (-Xlog:class+load, one more run each, not timed): plain app %d,"
                + " + starter %d: %+d, of which io.memguard %d (%d of them lambdas), lambdas in all %+d%n",
                sum(without, (name) -> true), sum(with, (name) -> true), total, memguard, memguardLambdas,
                sum(with, (name) -> name.contains("$$Lambda")) - sum(without, (name) -> name.contains("$$Lambda")));
        Map<String, Integer> byPackage = new TreeMap<>();
        added.forEach((name, count) -> byPackage.merge(packageOf(name), count, Integer::sum));
        System.out.println("added by the starter, by package (the 30 largest):");
        byPackage.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(30)
                .forEach((entry) -> System.out.printf("  %5d  %s%n", entry.getValue(), entry.getKey()));
        Path list = work.resolve("classes-added-by-starter.txt");
        Files.write(list, added.entrySet().stream().map((entry) -> entry.getValue() + " " + entry.getKey()).toList());
        System.out.println("every class added: " + list);
    }

    /** The classes the variant has loaded by ready, by name, hidden classes under the class that declares them. */
    private static Map<String, Integer> loadedAtReady(Launch launch, Path log) throws Exception {
        Path classes = Path.of(log + ".classes");
        Files.deleteIfExists(classes);
        double ready;
        try (App app = App.start(launch.withJvmArgs("-Xlog:class+load=info:file=" + classes + ":uptime"), log)) {
            ready = app.startupSeconds;
        }
        Pattern line = Pattern.compile("^\\[([0-9.]+)s\\] (\\S+) source:");
        Map<String, Integer> loaded = new TreeMap<>();
        for (String entry : Files.readAllLines(classes)) {
            Matcher matcher = line.matcher(entry);
            if (matcher.find() && Double.parseDouble(matcher.group(1)) <= ready) {
                String name = matcher.group(2).replaceAll("\\$\\$Lambda\\$[0-9]+", "\\$\\$Lambda")
                        .replaceAll("/0x[0-9a-f]+$", "");
                loaded.merge(name, 1, Integer::sum);
            }
        }
        return loaded;
    }

    private static int sum(Map<String, Integer> classes, java.util.function.Predicate<String> filter) {
        return classes.entrySet().stream().filter((entry) -> filter.test(entry.getKey()))
                .mapToInt(Map.Entry::getValue).sum();
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.', className.indexOf('$') < 0 ? className.length() : className.indexOf('$'));
        return (dot < 0) ? "" : className.substring(0, dot);
    }

    private static void printStartup(Map<String, List<App>> started, int runs) throws IOException {
        System.out.printf("%nStart-up, JVM launch to ready, %d runs each, alternating (median, then every run); %s%n",
                runs, loadAverage());
        table("wall time (s)", started, (app) -> app.startupSeconds, "%.2f");
        differences(started, (app) -> app.startupSeconds * 1000, "ms");
        table("CPU time, all threads (s)", started, (app) -> app.startupCpuSeconds, "%.2f");
        differences(started, (app) -> app.startupCpuSeconds * 1000, "ms");
        table("of which the starting thread (s)", started, (app) -> app.threadCpuSeconds.getOrDefault("main", 0.0),
                "%.2f");
        differences(started, (app) -> app.threadCpuSeconds.getOrDefault("main", 0.0) * 1000, "ms");
        table("of which the JIT compilers (s)", started, (app) -> app.threadCpuSeconds.getOrDefault("jit", 0.0),
                "%.2f");
        differences(started, (app) -> app.threadCpuSeconds.getOrDefault("jit", 0.0) * 1000, "ms");
        table("classes loaded", started, (app) -> (double) app.classes, "%.0f");
        differences(started, (app) -> (double) app.classes, "classes");
    }

    /**
     * The load of the calm and profile runs, from system properties: the warm-up flat out, the length of each
     * measurement, wrk's connections, and the fixed rate with its own client's warm-up.
     */
    record Load(Duration warmUp, Duration measure, int connections, int rate, Duration rateWarmUp) {

        static Load fromProperties(int defaultMeasureSeconds) {
            return new Load(Duration.ofSeconds(Integer.getInteger("warm-up-seconds", 20)),
                    Duration.ofSeconds(Integer.getInteger("measure-seconds", defaultMeasureSeconds)),
                    Integer.getInteger("connections", 8), Integer.getInteger("rate", 200),
                    Duration.ofSeconds(Integer.getInteger("rate-warm-up-seconds", 10)));
        }
    }

    private static void calm(Path jar, Path work, int runs) throws Exception {
        Load load = Load.fromProperties(10);
        Map<String, Launch> variants = new LinkedHashMap<>();
        variants.put("no memguard, no Prometheus", Launch.jar(jar, "--memguard.enabled=false",
                "--management.prometheus.metrics.export.enabled=false"));
        variants.put("Prometheus only", Launch.jar(jar, "--memguard.enabled=false"));
        variants.put("memguard + Prometheus", Launch.jar(jar, "--memguard.enabled=true"));
        Map<String, List<Double>> saturated = new LinkedHashMap<>();
        Map<String, List<Double>> cpuPerRequest = new LinkedHashMap<>();
        Map<String, Map<String, List<Double>>> cpuByThreads = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            for (Map.Entry<String, Launch> variant : variants.entrySet()) {
                try (App app = App.start(variant.getValue(), work.resolve("calm-" + slug(variant.getKey()) + "-" + run + ".log"))) {
                    String url = "http://127.0.0.1:" + app.port + "/api/drafts";
                    wrk(url, load.connections(), load.warmUp());
                    saturated.computeIfAbsent(variant.getKey(), (k) -> new ArrayList<>())
                            .add(wrk(url, load.connections(), load.measure()));
                    App.warmUpFixedRateClient(url, load.connections(), load.rateWarmUp());
                    Map<String, Long> threadsBefore = App.threadCpuNanos(app.process.pid());
                    Map.Entry<Double, Long> measured = app.cpuMicrosPerRequestAt(url, load.rate(), load.measure());
                    Map<String, Long> threadsAfter = App.threadCpuNanos(app.process.pid());
                    cpuPerRequest.computeIfAbsent(variant.getKey(), (k) -> new ArrayList<>()).add(measured.getKey());
                    double allButJit = 0;
                    for (String kind : THREAD_KINDS) {
                        double micros = (threadsAfter.getOrDefault(kind, 0L) - threadsBefore.getOrDefault(kind, 0L))
                                / 1e3 / measured.getValue();
                        cpuByThreads.computeIfAbsent(kind, (k) -> new LinkedHashMap<>())
                                .computeIfAbsent(variant.getKey(), (k) -> new ArrayList<>()).add(micros);
                        allButJit += kind.equals(JIT) ? 0 : micros;
                    }
                    cpuByThreads.computeIfAbsent(ALL_BUT_JIT, (k) -> new LinkedHashMap<>())
                            .computeIfAbsent(variant.getKey(), (k) -> new ArrayList<>()).add(allButJit);
                }
            }
            printCalm(saturated, cpuPerRequest, run + 1, load.warmUp(), load.measure(), load.connections(),
                    load.rate(), load.rateWarmUp());
            printThreads(cpuByThreads);
        }
    }

    private static void profile(Path jar, Path work, int runs) throws Exception {
        Load load = Load.fromProperties(20);
        String flat = String.format("flat out (wrk -t2 -c%d -d%ds, after %ds flat out)", load.connections(),
                load.measure().toSeconds(), load.warmUp().toSeconds());
        String fixed = String.format("at a fixed %d req/s (open loop, %ds, after %ds flat out with the same client)",
                load.rate(), load.measure().toSeconds(), load.rateWarmUp().toSeconds());
        Map<String, List<Double>> requestShares = new LinkedHashMap<>();
        Map<String, List<Double>> memguardBytes = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            try (App app = App.start(Launch.jar(jar, "--memguard.enabled=true"),
                    work.resolve("profile-" + run + ".log"))) {
                String url = "http://127.0.0.1:" + app.port + "/api/drafts";
                System.out.printf("%nRun %d, GET /api/drafts; %s%n", run + 1, loadAverage());
                wrk(url, load.connections(), load.warmUp());
                Map<String, Profile> profiles = new LinkedHashMap<>();
                profiles.put(flat, Profile.recorded(app, work.resolve("profile-" + run + "-flat.jfr"),
                        () -> flatOut(url, load.connections(), load.measure()).requests()));
                App.warmUpFixedRateClient(url, load.connections(), load.rateWarmUp());
                profiles.put(fixed, Profile.recorded(app, work.resolve("profile-" + run + "-fixed.jfr"),
                        () -> app.cpuMicrosPerRequestAt(url, load.rate(), load.measure()).getValue()));
                profiles.forEach((name, profile) -> {
                    profile.print(name);
                    requestShares.computeIfAbsent(name, (k) -> new ArrayList<>()).add(profile.requestShare());
                    memguardBytes.computeIfAbsent(name, (k) -> new ArrayList<>()).add(profile.requestMemguardBytes());
                });
            }
        }
        System.out.printf("%nMedians of %d runs [every run]:%n", runs);
        requestShares.forEach((name, shares) -> System.out.printf("  %s: memguard in %.2f%% of the request threads'"
                + " samples [%s]; %.1f bytes allocated per request under a memguard method on them [%s]%n", name,
                median(shares), format(shares, "%.2f"), median(memguardBytes.get(name)),
                format(memguardBytes.get(name), "%.1f")));
    }

    private static String format(List<Double> values, String format) {
        return values.stream().map((value) -> String.format(format, value)).collect(Collectors.joining(", "));
    }

    private static void jcmd(App app, String... command) throws Exception {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        line.add(Long.toString(app.process.pid()));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }

    /** What one recording holds of memguard. */
    static final class Profile {

        /** The requests answered while recording. */
        long requests;

        long requestSamples;

        long requestMemguard;

        long allSamples;

        long allMemguard;

        /** The request threads' allocation samples, and their weights (bytes) summed. */
        long requestAllocationSamples;

        double requestAllocatedBytes;

        /** Of those, the samples with a memguard method on the stack, by class allocated. */
        final Map<String, Long> memguardAllocations = new TreeMap<>();

        final Map<String, Long> byMethod = new TreeMap<>();

        /**
         * Records the app with the flight recorder (Java execution sampled every millisecond) while {@code load} runs.
         *
         * @param load sends the requests and returns how many were answered
         */
        static Profile recorded(App app, Path file, java.util.concurrent.Callable<Long> load) throws Exception {
            Files.deleteIfExists(file);
            jcmd(app, "JFR.start", "name=memguard-profile", "settings=profile", "jdk.ExecutionSample#period=1ms",
                    "filename=" + file);
            long requests = load.call();
            jcmd(app, "JFR.stop", "name=memguard-profile");
            Profile profile = read(file);
            profile.requests = requests;
            return profile;
        }

        void print(String load) {
            System.out.printf("  %s: %,d requests%n", load, requests);
            System.out.printf("    request threads: %,d samples, %,d with a memguard method on the stack: %.2f%%%n",
                    requestSamples, requestMemguard, requestShare());
            System.out.printf("    all threads:     %,d samples, %,d with a memguard method on the stack: %.2f%%%n",
                    allSamples, allMemguard, allShare());
            System.out.printf("    request threads' allocation samples: %,d, %,d with a memguard method on the stack %s;"
                    + " %.0f bytes allocated per request, %.1f of them under a memguard method%n",
                    requestAllocationSamples, memguardAllocationSamples(), memguardAllocations,
                    requestAllocatedBytes / Math.max(1, requests), requestMemguardBytes());
            System.out.println("    memguard's outermost methods on the stack, by samples (all threads):");
            byMethod.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                    .forEach((entry) -> System.out.printf("      %6d  %s%n", entry.getValue(), entry.getKey()));
        }

        long memguardAllocationSamples() {
            return memguardAllocations.values().stream().mapToLong(Long::longValue).sum();
        }

        /**
         * The bytes a request allocates under memguard's methods on its thread: the request threads' bytes per request
         * times the share of their allocation samples taken under a memguard method. Each sample carries as its weight
         * what its thread allocated since its previous one, wherever that was, and one sample can weigh hundreds of MB;
         * summing the weights of memguard's samples alone would give such a sample to memguard whole.
         */
        double requestMemguardBytes() {
            return requestAllocatedBytes / Math.max(1, requests) * memguardAllocationSamples()
                    / Math.max(1, requestAllocationSamples);
        }

        double requestShare() {
            return 100.0 * requestMemguard / Math.max(1, requestSamples);
        }

        double allShare() {
            return 100.0 * allMemguard / Math.max(1, allSamples);
        }

        static Profile read(Path recording) throws IOException {
            Profile profile = new Profile();
            try (jdk.jfr.consumer.RecordingFile file = new jdk.jfr.consumer.RecordingFile(recording)) {
                while (file.hasMoreEvents()) {
                    jdk.jfr.consumer.RecordedEvent event = file.readEvent();
                    String type = event.getEventType().getName();
                    if (type.equals("jdk.ExecutionSample")) {
                        String memguard = outermostMemguardMethod(event.getStackTrace());
                        boolean request = isRequestThread(event.getThread("sampledThread"));
                        profile.allSamples++;
                        profile.requestSamples += request ? 1 : 0;
                        if (memguard != null) {
                            profile.allMemguard++;
                            profile.requestMemguard += request ? 1 : 0;
                            profile.byMethod.merge(memguard, 1L, Long::sum);
                        }
                    }
                    else if (type.equals("jdk.ObjectAllocationSample") && isRequestThread(event.getThread())) {
                        profile.requestAllocationSamples++;
                        profile.requestAllocatedBytes += event.getLong("weight");
                        if (outermostMemguardMethod(event.getStackTrace()) != null) {
                            String allocated = event.getClass("objectClass").getName();
                            profile.memguardAllocations.merge(allocated.replaceAll("\\$\\$Lambda.*", "\\$\\$Lambda"),
                                    1L, Long::sum);
                        }
                    }
                }
            }
            return profile;
        }

        /** Tomcat's request threads are named http-nio-<address>-<port>-exec-<n>. */
        private static boolean isRequestThread(jdk.jfr.consumer.RecordedThread thread) {
            String name = (thread != null) ? thread.getJavaName() : null;
            return name != null && name.startsWith("http-") && name.contains("-exec-");
        }

        /** The memguard method nearest the thread's start on the stack, the sample's own code left out. */
        private static String outermostMemguardMethod(jdk.jfr.consumer.RecordedStackTrace stack) {
            String found = null;
            if (stack != null) {
                for (jdk.jfr.consumer.RecordedFrame frame : stack.getFrames()) {
                    String type = frame.getMethod().getType().getName();
                    if (type.startsWith("io.memguard.") && !type.startsWith("io.memguard.sample.")) {
                        // Lambda classes carry a generated suffix that differs from run to run.
                        found = type.replaceAll("\\$\\$Lambda.*", "\\$\\$Lambda") + "." + frame.getMethod().getName();
                    }
                }
            }
            return found;
        }
    }

    private static void printCalm(Map<String, List<Double>> saturated, Map<String, List<Double>> cpuPerRequest,
            int runs, Duration warmUp, Duration measure, int connections, int rate, Duration rateWarmUp)
            throws IOException {
        System.out.printf("%nGET /api/drafts, %d runs each, alternating, every run a fresh JVM warmed up %ds flat out; %s%n",
                runs, warmUp.toSeconds(), loadAverage());
        System.out.printf("%nThroughput at saturation (req/s): wrk -t2 -c%d -d%ds%n", connections, measure.toSeconds());
        printMedians(saturated, "%.0f");
        share("memguard itself (memguard + Prometheus vs Prometheus only)", saturated, "memguard + Prometheus",
                "Prometheus only");
        share("Prometheus registry (Prometheus only vs none)", saturated, "Prometheus only",
                "no memguard, no Prometheus");
        share("starter in all (memguard + Prometheus vs none)", saturated, "memguard + Prometheus",
                "no memguard, no Prometheus");
        System.out.printf("%nApp CPU time per request (µs) at a fixed %d req/s for %ds (open loop), after %ds flat"
                + " out with the same client%n", rate, measure.toSeconds(), rateWarmUp.toSeconds());
        printMedians(cpuPerRequest, "%.0f");
        share("memguard itself", cpuPerRequest, "memguard + Prometheus", "Prometheus only");
        share("Prometheus registry", cpuPerRequest, "Prometheus only", "no memguard, no Prometheus");
        share("starter in all", cpuPerRequest, "memguard + Prometheus", "no memguard, no Prometheus");
    }

    /**
     * Where the CPU time per request at the fixed rate went, by kind of thread (Linux only): Tomcat's threads (the
     * requests' own work, and the poller's and acceptor's), memguard's own threads (all named {@code memguard-...}),
     * the JIT compilers (which are still compiling when a run is short), the collector's threads, and the rest (the
     * JVM's periodic tasks, Spring's schedulers...).
     */
    private static void printThreads(Map<String, Map<String, List<Double>>> cpuByThreads) {
        if (cpuByThreads.values().stream().allMatch((variants) -> variants.values().stream()
                .allMatch((runs) -> runs.stream().allMatch((micros) -> micros == 0)))) {
            return;
        }
        System.out.printf("%nof which, by kind of thread (µs per request, from /proc/<pid>/task/*/schedstat)%n");
        cpuByThreads.forEach((kind, variants) -> {
            System.out.printf("  %s%n", kind);
            variants.forEach((name, list) -> System.out.printf("    %-48s %10.1f   %s%n", name, median(list),
                    list.stream().map((v) -> String.format("%.1f", v)).toList()));
        });
        Map<String, List<Double>> allButJit = cpuByThreads.get(ALL_BUT_JIT);
        share("memguard itself, " + ALL_BUT_JIT, allButJit, "memguard + Prometheus", "Prometheus only");
        share("Prometheus registry, " + ALL_BUT_JIT, allButJit, "Prometheus only", "no memguard, no Prometheus");
    }

    /** Closed loop, flat out, with wrk; returns the requests per second it reports. */
    private static double wrk(String url, int connections, Duration length) throws Exception {
        return flatOut(url, connections, length).perSecond();
    }

    /** Closed loop, flat out, with wrk: what it reports. */
    private static FlatOut flatOut(String url, int connections, Duration length) throws Exception {
        Process process = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + length.toSeconds() + "s", url)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        Matcher perSecond = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
        Matcher requests = Pattern.compile("([0-9]+) requests in").matcher(output);
        if (!perSecond.find() || !requests.find() || output.contains("Non-2xx")) {
            throw new IllegalStateException("wrk did not measure only successful requests:\n" + output);
        }
        return new FlatOut(Double.parseDouble(perSecond.group(1)), Long.parseLong(requests.group(1)));
    }

    /** What a flat-out wrk run reports: requests per second, and requests completed. */
    record FlatOut(double perSecond, long requests) {
    }

    private static Path explode(Path jar, Path target) throws IOException {
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.walk(target)) {
                for (Path file : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(file);
                }
            }
        }
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null;) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException("Entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                }
                else {
                    Files.createDirectories(file.getParent());
                    Files.copy(zip, file);
                }
            }
        }
        return target;
    }

    private static Path compilePlainApp(Path dir, List<Path> classPath) throws IOException {
        Path source = dir.resolve("src/plain/PlainApplication.java");
        Path classes = dir.resolve("classes");
        Files.createDirectories(source.getParent());
        Files.createDirectories(classes);
        Files.writeString(source, PLAIN_APP);
        int exit = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), "-cp",
                join(classPath), "-parameters", source.toString());
        if (exit != 0) {
            throw new IllegalStateException("The plain app did not compile");
        }
        return classes;
    }

    private static String join(List<Path> classPath) {
        return classPath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private static void table(String title, Map<String, List<App>> started, Function<App, Double> figure,
            String format) {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        started.forEach((name, apps) -> values.put(name, apps.stream().map(figure).toList()));
        System.out.printf("%n%s%n", title);
        printMedians(values, format);
    }

    private static void printMedians(Map<String, List<Double>> values, String format) {
        values.forEach((name, list) -> System.out.printf("  %-50s %10s   %s%n", name, String.format(format, median(list)),
                list.stream().map((v) -> String.format(format, v)).toList()));
    }

    /**
     * Every variant of the plain app against the plain app (the starter's against it is the target's figure); the
     * starter against the plain app with the Prometheus registry (memguard's own cost to an app that already has the
     * starter's dependencies); the sample with memguard on against off.
     */
    private static void differences(Map<String, List<App>> started, Function<App, Double> figure, String unit) {
        for (String variant : started.keySet()) {
            if (variant.startsWith(PLAIN + " ") && !variant.startsWith(PLAIN_STARTER_WITHOUT)) {
                difference(started, variant, PLAIN, figure, unit);
            }
        }
        difference(started, PLAIN_STARTER, PLAIN_REGISTRY, figure, unit);
        for (String variant : started.keySet()) {
            if (variant.startsWith(PLAIN_STARTER_WITHOUT)) {
                difference(started, PLAIN_STARTER, variant, figure, unit);
            }
        }
        if (started.containsKey(SAMPLE_ON)) {
            difference(started, SAMPLE_ON, SAMPLE_OFF, figure, unit);
        }
    }

    private static void difference(Map<String, List<App>> started, String with, String without,
            Function<App, Double> figure, String unit) {
        double difference = median(started.get(with).stream().map(figure).toList())
                - median(started.get(without).stream().map(figure).toList());
        System.out.printf("  %-72s %+10.0f %s%n", with + " - " + without.replaceFirst("^sample, ", ""), difference,
                unit);
    }

    private static void share(String label, Map<String, List<Double>> values, String with, String without) {
        System.out.printf("  %-62s %+6.1f %%%n", label, (median(values.get(with)) / median(values.get(without)) - 1) * 100);
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return "load average " + fields[0] + " " + fields[1] + " " + fields[2];
    }

    private static String slug(String name) {
        return name.toLowerCase().replaceAll("[^a-z]+", "-");
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** How a variant is started: the JVM arguments before the application's, and the application's. */
    record Launch(List<String> launcher, List<String> appArgs) {

        /** The same launch with JVM arguments added before the launcher's. */
        Launch withJvmArgs(String... jvmArgs) {
            List<String> arguments = new ArrayList<>(List.of(jvmArgs));
            arguments.addAll(launcher);
            return new Launch(arguments, appArgs);
        }

        static Launch jar(Path jar, String... appArgs) {
            return new Launch(List.of("-jar", jar.toString()), List.of(appArgs));
        }

        static Launch classPath(Path classes, List<Path> libs, String mainClass, String... appArgs) {
            List<Path> classPath = new ArrayList<>(libs);
            classPath.add(0, classes);
            return new Launch(List.of("-cp", join(classPath), mainClass), List.of(appArgs));
        }
    }

    /** One app JVM, started and waited for, stopped on close. */
    static final class App implements AutoCloseable {

        private static final Pattern STARTED = Pattern
                .compile("Started \\S+ in [0-9.]+ seconds \\(process running for ([0-9.]+)\\)");

        final Process process;

        final int port;

        final double startupSeconds;

        final double startupCpuSeconds;

        final long classes;

        /** CPU time by kind of thread ("main", "jit"), read from /proc on Linux; empty elsewhere. */
        final Map<String, Double> threadCpuSeconds;

        private App(Process process, int port, double startupSeconds, double startupCpuSeconds, long classes) {
            this.process = process;
            this.port = port;
            this.startupSeconds = startupSeconds;
            this.startupCpuSeconds = startupCpuSeconds;
            this.threadCpuSeconds = threadCpuSeconds(process.pid());
            this.classes = classes;
        }

        static App start(Launch launch, Path log) throws Exception {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JVM_ARGS);
            command.addAll(launch.launcher());
            command.add("--server.port=" + port);
            command.add("--server.address=127.0.0.1");
            command.addAll(launch.appArgs());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(Integer.getInteger("start-timeout-minutes", 3));
            while (System.nanoTime() < deadline) {
                Matcher matcher = STARTED.matcher(Files.readString(log));
                if (matcher.find()) {
                    double cpu = process.toHandle().info().totalCpuDuration().orElseThrow().toNanos() / 1e9;
                    return new App(process, port, Double.parseDouble(matcher.group(1)), cpu, loadedClasses(process));
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("The app exited during start-up; see " + log);
                }
                Thread.sleep(20);
            }
            process.destroyForcibly();
            throw new IllegalStateException("The app did not start in time (-Dstart-timeout-minutes); see " + log);
        }

        /**
         * CPU time of the starting thread (the launcher names it "java") and of the JIT compiler threads, from
         * {@code /proc/<pid>/task/<tid>/stat} (user and system ticks); empty where there is no {@code /proc}.
         */
        private static Map<String, Double> threadCpuSeconds(long pid) {
            Map<String, Double> seconds = new LinkedHashMap<>();
            Path tasks = Path.of("/proc", Long.toString(pid), "task");
            if (!Files.isDirectory(tasks)) {
                return seconds;
            }
            try (Stream<Path> threads = Files.list(tasks)) {
                for (Path thread : threads.toList()) {
                    String name = Files.readString(thread.resolve("comm")).strip();
                    String kind = name.equals("java") ? "main" : name.startsWith("C1 Compiler")
                            || name.startsWith("C2 Compiler") ? "jit" : null;
                    if (kind != null) {
                        String stat = Files.readString(thread.resolve("stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        double ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        seconds.merge(kind, ticks / CLOCK_TICKS_PER_SECOND, Double::sum);
                    }
                }
            }
            catch (IOException ex) {
                // A thread that ended while being read: leave the figures out rather than print wrong ones.
                return new LinkedHashMap<>();
            }
            return seconds;
        }

        /**
         * The CPU time of the JVM's threads by {@link #THREAD_KINDS kind}, in nanoseconds, from
         * {@code /proc/<pid>/task/<tid>/schedstat} (its first figure: time on a CPU); empty where there is no
         * {@code /proc}. A thread that ends between two readings takes its time with it, which only Tomcat's spare
         * request threads do, rarely.
         */
        static Map<String, Long> threadCpuNanos(long pid) {
            Map<String, Long> nanos = new LinkedHashMap<>();
            Path tasks = Path.of("/proc", Long.toString(pid), "task");
            if (!Files.isDirectory(tasks)) {
                return nanos;
            }
            try (Stream<Path> threads = Files.list(tasks)) {
                for (Path thread : threads.toList()) {
                    try {
                        String name = Files.readString(thread.resolve("comm")).strip();
                        long onCpu = Long.parseLong(Files.readString(thread.resolve("schedstat")).split(" ")[0]);
                        nanos.merge(kindOf(name), onCpu, Long::sum);
                    }
                    catch (IOException ex) {
                        // The thread ended while being read: its time is left out.
                    }
                }
            }
            catch (IOException ex) {
                return new LinkedHashMap<>();
            }
            return nanos;
        }

        /** Linux keeps the first 15 characters of a thread's name. */
        private static String kindOf(String threadName) {
            if (threadName.startsWith("http-")) {
                // Request, poller and acceptor threads alike: their names differ only after the 15th character.
                return "Tomcat threads";
            }
            if (threadName.startsWith("memguard-")) {
                return "memguard threads";
            }
            if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
                return "JIT compilers";
            }
            if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")) {
                return "GC threads";
            }
            return "other threads";
        }

        /** The classes the JVM has loaded, as jstat reads them from its performance counters. */
        private static long loadedClasses(Process app) throws Exception {
            Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
            Process process = new ProcessBuilder(jstat.toString(), "-class", Long.toString(app.pid()))
                    .redirectErrorStream(true).start();
            List<String> lines;
            try (InputStream in = process.getInputStream()) {
                lines = new String(in.readAllBytes()).lines().toList();
            }
            process.waitFor();
            return Long.parseLong(lines.get(1).trim().split("\\s+")[0]);
        }

        /**
         * Sends {@code rate} requests per second for {@code length}, each on its due time whatever the answers (an
         * open loop), and returns the app's CPU time over that time divided by the requests answered 2xx, and that
         * number of requests.
         */
        Map.Entry<Double, Long> cpuMicrosPerRequestAt(String url, int rate, Duration length) throws Exception {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
            AtomicLong ok = new AtomicLong();
            List<CompletableFuture<?>> sent = new ArrayList<>();
            long total = rate * length.toSeconds();
            long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
            Duration cpuBefore = process.toHandle().info().totalCpuDuration().orElseThrow();
            long start = System.nanoTime();
            for (long i = 0; i < total; i++) {
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                sent.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenAccept((response) -> {
                    if (response.statusCode() / 100 == 2) {
                        ok.incrementAndGet();
                    }
                }));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
            Duration cpu = process.toHandle().info().totalCpuDuration().orElseThrow().minus(cpuBefore);
            if (ok.get() < total * 0.99) {
                System.out.printf("  (only %d of %d requests answered 2xx: the rate was not calm for this run)%n",
                        ok.get(), total);
            }
            return Map.entry(cpu.toNanos() / 1e3 / ok.get(), ok.get());
        }

        /**
         * Sends the fixed-rate run's requests with its client, flat out, {@code connections} at a time, for
         * {@code length}, before the run is measured. That client's requests have another shape than {@code wrk}'s
         * (the JDK's client adds a {@code User-Agent} and, on JDK 17, {@code Content-Length: 0} to a GET, which
         * {@code wrk} cannot send without a body): the first of them takes branches of Tomcat's header code that the
         * compiled request path never took under {@code wrk} (memguard's admission reads the Content-Length of every
         * request), and deoptimizes it. At 200 requests a second the path then runs interpreted and in the profiling
         * tier for tens of seconds, and the run measured the recompilation rather than the request.
         */
        static void warmUpFixedRateClient(String url, int connections, Duration length) throws Exception {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
            Semaphore inFlight = new Semaphore(connections);
            long deadline = System.nanoTime() + length.toNanos();
            while (System.nanoTime() < deadline) {
                inFlight.acquire();
                http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .whenComplete((response, failure) -> inFlight.release());
            }
            inFlight.acquire(connections);
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
