package io.memguard.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The README and the pages under {@code docs/} as a reader follows them: every relative link and image resolves to a
 * file of the repository, every {@code #anchor} to a heading of its page, every page of {@code docs/} is linked from
 * somewhere, and the README stays a page a newcomer reads in ten minutes.
 */
class DocsLinksTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** The README's size limit: what it holds beyond a short page belongs in a page of its own under docs/. */
    private static final long README_MAX_BYTES = 15 * 1024;

    /** {@code [text](target)} and {@code ![alt](target)}; the target ends at a space (a title) or the parenthesis. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

    private static final Pattern INLINE_LINK = Pattern.compile("\\[([^\\]]*)]\\([^)]*\\)");

    @Test
    void everyRelativeLinkResolvesToAFileAndEveryAnchorToAHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            for (String target : links(page)) {
                String problem = problem(page, target);
                if (problem != null) {
                    broken.add(ROOT.relativize(page) + ": (" + target + ") " + problem);
                }
            }
        }
        assertThat(broken).as("broken links in the README and docs").isEmpty();
    }

    @Test
    void everyPageUnderDocsIsLinkedFromAnotherPage() throws IOException {
        Set<Path> linked = new TreeSet<>();
        for (Path page : pages()) {
            for (String target : links(page)) {
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                if (!file.isEmpty() && !isExternal(file)) {
                    Path resolved = page.getParent().resolve(file).normalize();
                    if (!resolved.equals(page)) {
                        linked.add(resolved);
                    }
                }
            }
        }
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            assertThat(docs.filter((path) -> path.toString().endsWith(".md")).toList())
                    .as("pages under docs/ that no other page links to").allSatisfy(
                            (page) -> assertThat(linked).as(ROOT.relativize(page).toString()).contains(page));
        }
    }

    @Test
    void theReadmeIsAShortPage() throws IOException {
        assertThat(Files.size(ROOT.resolve("README.md"))).as("README.md in bytes; move detail to a page under docs/")
                .isLessThanOrEqualTo(README_MAX_BYTES);
    }

    @Test
    void findsTheLinksOutsideCodeBlocksAndTheAnchorsOfHeadings() {
        String page = """
                # A page
                See [the reference](docs/reference.md#memguardpressure) and ![a chart](docs/overload.png).
                ```
                not a link: [x](nowhere.md)
                ```
                ## `/actuator/memory`
                ## Cost when calm
                ## Cost when calm
                """;
        assertThat(linksOf(page)).containsExactly("docs/reference.md#memguardpressure", "docs/overload.png");
        assertThat(anchorsOf(page)).contains("a-page", "actuatormemory", "cost-when-calm", "cost-when-calm-1");
    }

    private static @Nullable String problem(Path page, String target) {
        if (isExternal(target)) {
            return null;
        }
        int hash = target.indexOf('#');
        String file = (hash < 0) ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
            return "no such file";
        }
        if (hash >= 0 && resolved.toString().endsWith(".md")
                && !anchorsOf(read(resolved)).contains(target.substring(hash + 1))) {
            return "no such heading";
        }
        return null;
    }

    private static boolean isExternal(String target) {
        return target.matches("^[a-z]+:.*");
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("CHANGELOG.md"),
                ROOT.resolve("CONTRIBUTING.md"), ROOT.resolve("memguard-benchmarks/README.md"),
                ROOT.resolve("memguard-benchmarks/HISTORY.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private static List<String> links(Path page) {
        return linksOf(read(page));
    }

    /** The link targets of a page, outside fenced code blocks. */
    static List<String> linksOf(String markdown) {
        List<String> targets = new ArrayList<>();
        for (String line : outsideCode(markdown)) {
            Matcher link = LINK.matcher(line);
            while (link.find()) {
                targets.add(link.group(1));
            }
        }
        return targets;
    }

    /** The anchors GitHub gives the headings of a page: a repeated heading gets {@code -1}, {@code -2}... */
    static Set<String> anchorsOf(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : outsideCode(markdown)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String text = INLINE_LINK.matcher(heading.group(1)).replaceAll("$1");
                String anchor = PropertyReference.anchor(text);
                int count = seen.merge(anchor, 1, Integer::sum);
                anchors.add((count == 1) ? anchor : anchor + "-" + (count - 1));
            }
        }
        return anchors;
    }

    private static List<String> outsideCode(String markdown) {
        List<String> lines = new ArrayList<>();
        boolean code = false;
        for (String line : markdown.lines().toList()) {
            if (line.stripLeading().startsWith("```")) {
                code = !code;
            }
            else if (!code) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String read(Path page) {
        try {
            return Files.readString(page, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
