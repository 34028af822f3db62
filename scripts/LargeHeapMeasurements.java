import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.memguard.pressure.DefaultMemoryPressureMonitor;
import io.memguard.pressure.PressureSettings;

/**
 * What memguard's live-set measurements cost a large heap whose level stays HIGH: holds about {@code args[0]} MiB of
 * small linked objects (as sessions and caches are; a full collection's pause grows with their number), starts the
 * pressure monitor with its defaults and allocates short-lived garbage for {@code args[1]} seconds, then prints the
 * level and, from the GC log given as {@code args[2]}, the collections memguard asked for and their pauses. An optional
 * {@code args[3]} sets {@code liveSetMeasurementPauseShare} (0: measurements at the interval, whatever their pause).
 *
 * <pre>
 * ./mvnw -B -ntp -q -pl memguard-core -am install -DskipTests
 * cp=memguard-core/target/classes:$(ls ~/.m2/repository/org/slf4j/slf4j-api/2.*&#47;slf4j-api-*.jar | tail -1):$(ls ~/.m2/repository/org/jspecify/jspecify/1.*&#47;jspecify-*.jar | tail -1)
 * java -Xmx4g -XX:+UseG1GC -Xlog:gc:file=memguard-core/target/large-heap-gc.log -cp "$cp" scripts/LargeHeapMeasurements.java 2900 45 memguard-core/target/large-heap-gc.log
 * java -Xmx4g -XX:+UseG1GC -Xlog:gc:file=memguard-core/target/large-heap-gc.log -cp "$cp" scripts/LargeHeapMeasurements.java 2900 45 memguard-core/target/large-heap-gc.log 0
 * </pre>
 */
public class LargeHeapMeasurements {

    public static void main(String[] args) throws Exception {
        long target = Long.parseLong(args[0]) << 20;
        int seconds = Integer.parseInt(args[1]);
        Object[] live = null;
        long objects = 0;
        for (long held = 0; held < target; held += 24) {
            live = new Object[] { live, null };
            objects++;
        }
        PressureSettings.Builder settings = PressureSettings.builder();
        if (args.length > 3) {
            settings.liveSetMeasurementPauseShare(Double.parseDouble(args[3]));
        }
        try (DefaultMemoryPressureMonitor monitor = DefaultMemoryPressureMonitor.builder().settings(settings.build())
                .build().start()) {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long churn = 0;
            while (System.nanoTime() < end) {
                byte[] garbage = new byte[4096];
                churn += garbage.length;
                if ((churn & ((1 << 24) - 1)) == 0) {
                    Thread.sleep(2);
                }
            }
            System.out.printf("level %s after %d s, %,d live objects held (%s)%n", monitor.snapshot().level(), seconds,
                    objects, (live != null) ? "reachable" : "none");
        }
        List<String> measurements = Files.readAllLines(Path.of(args[2])).stream()
                .filter((line) -> line.contains("Pause Full (System.gc())")).toList();
        double pausedMillis = measurements.stream()
                .mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).replace("ms", "")))
                .sum();
        System.out.printf("collections memguard asked for: %d, paused %.1f s in all%n", measurements.size(),
                pausedMillis / 1000);
        measurements.forEach(System.out::println);
    }
}
