import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one JMH result file ({@code -rf json}) of the hot-path benchmarks and prints the targets of issue 16 as a
 * Markdown table: each cell's memguard score, the alternative's, their ratio and whether the cell meets its target,
 * so that the README's figures are computed, never typed. A row whose error is more than half its score is marked
 * noisy; a benchmark missing from the file is said so, not guessed.
 *
 * <pre>
 * java -jar memguard-benchmarks/target/benchmarks.jar \
 *     'RingBufferBenchmark.(memguardSpsc1P1C|jctools1P1C|arrayBlockingQueue1P1C|memguardMpsc2P1C|jctools2P1C)$|BufferPoolBenchmark.(memguard|netty)|ObjectPoolBenchmark\.|ObjectPoolStormpotBenchmark|QuotaBenchmark.(memguard|atomicLongWithGlobal)' \
 *     -p size=16384 -f 2 -wi 3 -w 1 -i 5 -r 1 -prof gc -rf json -rff hot-paths.json
 * java scripts/HotPathTargets.java hot-paths.json
 * </pre>
 */
public final class HotPathTargets {

    /** At most this many bytes per operation count as none: the JMH harness's own allocation. */
    private static final double NO_ALLOCATION = 0.01;

    private record Result(double score, double error, double bytesPerOp) {

        boolean noisy() {
            return error > score / 2;
        }

        String shown() {
            return String.format(Locale.ROOT, "%.3f ± %.3f%s", score, error, noisy() ? " *noisy*" : "");
        }
    }

    /** One comparison: memguard's benchmark over another's, against the least ratio the issue asks for. */
    private record Cell(String target, String memguard, String other, double atLeast) {
    }

    private static final List<Cell> CELLS = List.of(
            new Cell("Ring buffer SPSC, 1P1C, ≥ 1.0x JCTools SpscArrayQueue", "memguardSpsc1P1C", "jctools1P1C", 1.0),
            new Cell("Ring buffer SPSC, 1P1C, ≥ 3x ArrayBlockingQueue", "memguardSpsc1P1C", "arrayBlockingQueue1P1C", 3.0),
            new Cell("Ring buffer MPSC, 2P1C, ≥ 0.8x JCTools MpscArrayQueue", "memguardMpsc2P1C", "jctools2P1C", 0.8),
            new Cell("Buffer pool 16 KiB, ≥ 2x Netty pooled", "memguardHeap1t", "nettyHeap1t", 2.0),
            new Cell("Buffer pool 16 KiB, ≥ 2x Netty pooled", "memguardHeap2t", "nettyHeap2t", 2.0),
            new Cell("Buffer pool 16 KiB, ≥ 2x Netty pooled", "memguardDirect1t", "nettyDirect1t", 2.0),
            new Cell("Buffer pool 16 KiB, ≥ 2x Netty pooled", "memguardDirect2t", "nettyDirect2t", 2.0),
            new Cell("Buffer pool 16 KiB, ≥ 2x Netty adaptive", "memguardHeap1t", "nettyAdaptiveHeap1t", 2.0),
            new Cell("Buffer pool 16 KiB, ≥ 2x Netty adaptive", "memguardHeap2t", "nettyAdaptiveHeap2t", 2.0),
            new Cell("Buffer pool 16 KiB, ≥ 2x Netty adaptive", "memguardDirect1t", "nettyAdaptiveDirect1t", 2.0),
            new Cell("Buffer pool 16 KiB, ≥ 2x Netty adaptive", "memguardDirect2t", "nettyAdaptiveDirect2t", 2.0),
            new Cell("Object pool, ≥ 1.0x Stormpot", "ObjectPoolBenchmark.memguard1t", "stormpot1t", 1.0),
            new Cell("Object pool, ≥ 1.0x Stormpot", "ObjectPoolBenchmark.memguard2t", "stormpot2t", 1.0),
            new Cell("Quota accounting, ≥ 0.8x two AtomicLongs", "memguardOneStream", "atomicLongWithGlobalOneStream", 0.8),
            new Cell("Quota accounting, ≥ 0.8x two AtomicLongs", "memguardOneStreamTwoThreads",
                    "atomicLongWithGlobalOneStreamTwoThreads", 0.8),
            new Cell("Quota accounting, ≥ 0.8x two AtomicLongs", "memguardThousandStreams",
                    "atomicLongWithGlobalThousandStreams", 0.8),
            new Cell("Quota accounting, ≥ 0.8x two AtomicLongs", "memguardThousandStreamsTwoThreads",
                    "atomicLongWithGlobalThousandStreamsTwoThreads", 0.8));

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java scripts/HotPathTargets.java <JMH result file, -rf json>");
            System.exit(2);
        }
        Map<String, Result> results = read(Path.of(args[0]));
        System.out.println("| target | memguard | score (ops/µs) | alternative | score (ops/µs) | ratio | verdict |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Cell cell : CELLS) {
            Result memguard = find(results, cell.memguard());
            Result other = find(results, cell.other());
            if (memguard == null || other == null) {
                System.out.printf("| %s | `%s` | %s | `%s` | %s | | not in this run |%n", cell.target(), cell.memguard(),
                        memguard == null ? "missing" : memguard.shown(), cell.other(),
                        other == null ? "missing" : other.shown());
                continue;
            }
            double ratio = memguard.score() / other.score();
            String verdict = (ratio >= cell.atLeast()) ? "met" : "**missed**";
            if (memguard.noisy() || other.noisy()) {
                verdict += " (noisy)";
            }
            System.out.printf(Locale.ROOT, "| %s | `%s` | %s | `%s` | %s | %.2fx | %s |%n", cell.target(),
                    shortName(cell.memguard()), memguard.shown(), cell.other(), other.shown(), ratio, verdict);
        }
        double mostAllocated = 0;
        String mostAllocating = "none";
        String unmeasured = null;
        for (Map.Entry<String, Result> entry : results.entrySet()) {
            if (!shortName(entry.getKey()).startsWith("memguard")) {
                continue;
            }
            if (Double.isNaN(entry.getValue().bytesPerOp())) {
                unmeasured = shortName(entry.getKey());
            }
            else if (entry.getValue().bytesPerOp() > mostAllocated) {
                mostAllocated = entry.getValue().bytesPerOp();
                mostAllocating = shortName(entry.getKey());
            }
        }
        if (unmeasured != null) {
            // Without -prof gc there is no gc.alloc.rate.norm: no figure is not the same as 0 B/op.
            System.out.printf(Locale.ROOT, "%nmemguard's allocation: not measured (no gc.alloc.rate.norm for %s; run "
                    + "with -prof gc)%n", unmeasured);
            return;
        }
        System.out.printf(Locale.ROOT, "%nmemguard's allocation: at most %.4f B/op (%s): %s%n", mostAllocated,
                mostAllocating, (mostAllocated <= NO_ALLOCATION) ? "0 B/op, the harness's own" : "**allocates**");
    }

    /** The result of a benchmark named by its method, or by its class and method where methods share a name. */
    private static Result find(Map<String, Result> results, String name) {
        for (Map.Entry<String, Result> entry : results.entrySet()) {
            if (entry.getKey().endsWith("." + name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String shortName(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    // ---- just enough JSON for JMH's result file ----

    private static Map<String, Result> read(Path file) throws IOException {
        Object root = new Json(Files.readString(file)).value();
        Map<String, Result> results = new LinkedHashMap<>();
        for (Object entry : (List<?>) root) {
            Map<?, ?> run = (Map<?, ?>) entry;
            Map<?, ?> primary = (Map<?, ?>) run.get("primaryMetric");
            Map<?, ?> secondary = (Map<?, ?>) run.get("secondaryMetrics");
            double bytes = Double.NaN;
            if (secondary != null && secondary.get("gc.alloc.rate.norm") instanceof Map<?, ?> alloc) {
                bytes = number(alloc.get("score"));
            }
            String name = (String) run.get("benchmark");
            results.put(name, new Result(number(primary.get("score")), number(primary.get("scoreError")), bytes));
        }
        return results;
    }

    private static double number(Object value) {
        return (value instanceof Double number) ? number : Double.NaN; // JMH writes "NaN" as a string
    }

    private static final class Json {

        private final String text;

        private int at;

        Json(String text) {
            this.text = text;
        }

        Object value() {
            skipSpace();
            char c = text.charAt(at);
            if (c == '{') {
                Map<String, Object> object = new LinkedHashMap<>();
                at++;
                skipSpace();
                if (text.charAt(at) == '}') {
                    at++;
                    return object;
                }
                do {
                    skipSpace();
                    String key = string();
                    skipSpace();
                    expect(':');
                    object.put(key, value());
                    skipSpace();
                }
                while (text.charAt(at++) == ',');
                return object;
            }
            if (c == '[') {
                List<Object> array = new ArrayList<>();
                at++;
                skipSpace();
                if (text.charAt(at) == ']') {
                    at++;
                    return array;
                }
                do {
                    array.add(value());
                    skipSpace();
                }
                while (text.charAt(at++) == ',');
                return array;
            }
            if (c == '"') {
                return string();
            }
            int start = at;
            while (at < text.length() && ",}] \n\r\t".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            String word = text.substring(start, at);
            return switch (word) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                case "null" -> null;
                default -> Double.parseDouble(word);
            };
        }

        private String string() {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (text.charAt(at) != '"') {
                char c = text.charAt(at++);
                if (c == '\\') {
                    char escaped = text.charAt(at++);
                    switch (escaped) {
                        case 'n' -> value.append('\n');
                        case 't' -> value.append('\t');
                        case 'u' -> {
                            value.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                            at += 4;
                        }
                        default -> value.append(escaped);
                    }
                }
                else {
                    value.append(c);
                }
            }
            at++;
            return value.toString();
        }

        private void expect(char c) {
            if (text.charAt(at) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + at + " of the JSON file");
            }
            at++;
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
    }
}
