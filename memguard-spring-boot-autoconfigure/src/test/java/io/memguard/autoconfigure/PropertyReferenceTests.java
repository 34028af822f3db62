package io.memguard.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.memguard.buffer.BufferPool.LeakDetection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@code docs/reference.md} what the configuration metadata gives: the committed file must be exactly what
 * {@link PropertyReference} renders from this build's {@code spring-configuration-metadata.json}, and
 * {@code -Dmemguard.reference.write=true} rewrites it.
 */
class PropertyReferenceTests {

    private static final Path REFERENCE = Path.of("..", "docs", "reference.md");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theCommittedReferenceIsTheOneGeneratedFromTheMetadata() throws IOException, URISyntaxException {
        Path classes = Path.of(MemguardProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        JsonNode metadata = JSON.readTree(classes.resolve("META-INF/spring-configuration-metadata.json").toFile());
        String generated = PropertyReference.of(metadata).render();
        assertThat(generated).contains("| `memguard.enabled` |", "| `memguard.pressure.thresholds.high` |",
                "| `memguard.ring-buffers.instances.<key>.*` |", "| `management.endpoint.memory.access` |",
                "| `management.endpoint.memory.quotas.top-streams` |", "| `management.health.memory.high-status` |",
                "| `management.health.memory.enabled` |");
        if (Boolean.getBoolean("memguard.reference.write")) {
            Files.writeString(REFERENCE, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(REFERENCE) ? Files.readString(REFERENCE, StandardCharsets.UTF_8) : "";
        assertThat(committed).withFailMessage(() -> "docs/reference.md is not the one the configuration metadata gives"
                + firstDifference(committed, generated) + "\nIt is generated: regenerate it with\n"
                + PropertyReference.REGENERATE).isEqualTo(generated);
    }

    @Test
    void rendersOneSectionPerFeatureWithNameTypeDefaultAndDescription() {
        String reference = PropertyReference.of(metadata("""
                {"groups": [
                  {"name": "memguard", "type": "io.memguard.autoconfigure.MemguardProperties"},
                  {"name": "memguard.pressure", "type": "x.Pressure", "sourceMethod": "getPressure()"},
                  {"name": "memguard.buffer-pool", "type": "io.memguard.autoconfigure.buffer.BufferPoolProperties"},
                  {"name": "management.endpoint.memory", "type": "x.MemoryEndpoint"}],
                 "properties": [
                  {"name": "memguard.pressure.interval", "type": "java.time.Duration", "defaultValue": "1s",
                   "description": "How often."},
                  {"name": "management.endpoint.memory.access", "type": "java.lang.String",
                   "description": "Access."},
                  {"name": "memguard.enabled", "type": "java.lang.Boolean", "defaultValue": true,
                   "description": "The one switch."},
                  {"name": "memguard.buffer-pool.buckets",
                   "type": "java.util.List<org.springframework.util.unit.DataSize>", "defaultValue": ["1KB", "2KB"],
                   "description": "Buckets."}]}
                """)).render();

        assertThat(reference).containsSubsequence("## `memguard`\n",
                "| `memguard.enabled` | `boolean` | `true` | The one switch. |",
                "## `memguard.buffer-pool`\n",
                "| `memguard.buffer-pool.buckets` | `List<DataSize>` | `1KB, 2KB` | Buckets. |",
                "## `memguard.pressure`\n",
                "| `memguard.pressure.interval` | `Duration` | `1s` | How often. |",
                "## `management.endpoint.memory`\n",
                "| `management.endpoint.memory.access` | `String` |  | Access. |");
        assertThat(reference).contains("[`memguard.buffer-pool`](#memguardbuffer-pool)", PropertyReference.REGENERATE);
    }

    @Test
    void showsAnEnumByItsValuesAndAMapOfSettingsByItsEntries() {
        String reference = PropertyReference.of(metadata("""
                {"groups": [
                  {"name": "memguard.ring-buffers", "type": "x.RingBufferProperties"},
                  {"name": "memguard.ring-buffers.defaults", "type": "x.RingBufferProperties$Settings",
                   "sourceMethod": "getDefaults()"}],
                 "properties": [
                  {"name": "memguard.ring-buffers.instances",
                   "type": "java.util.Map<java.lang.String,x.RingBufferProperties$Settings>",
                   "description": "Named buffers."},
                  {"name": "memguard.ring-buffers.limits",
                   "type": "java.util.Map<java.lang.String,org.springframework.util.unit.DataSize>",
                   "description": "Limits."},
                  {"name": "memguard.ring-buffers.leaks", "type": "%s", "defaultValue": "sampled",
                   "description": "Leaks."}]}
                """.formatted(LeakDetection.class.getName()))).render();

        assertThat(reference).contains(
                "| `memguard.ring-buffers.instances.<key>.*` | map of keys to the settings of"
                        + " `memguard.ring-buffers.defaults.*` |  | Named buffers. |",
                "| `memguard.ring-buffers.limits.<key>` | `Map<String, DataSize>` |  | Limits. |",
                "| `memguard.ring-buffers.leaks` | `disabled`, `sampled`, `paranoid` | `sampled` | Leaks. |");
    }

    @Test
    void keepsADescriptionOnOneLineWithoutMarkup() {
        assertThat(PropertyReference.text("A memguard.* key\n   with a | and <name> & `x`"))
                .isEqualTo("A memguard.\\* key with a \\| and &lt;name&gt; &amp; \\`x\\`");
    }

    @Test
    void refusesAPropertyWithoutDescription() {
        assertThatIllegalArgumentException().isThrownBy(() -> PropertyReference.of(metadata("""
                {"properties": [{"name": "memguard.x", "type": "java.lang.Boolean"}]}
                """))).withMessageContaining("memguard.x has no description");
    }

    @Test
    void anchorsAreTheOnesGitHubGivesHeadings() {
        assertThat(PropertyReference.anchor("`memguard.buffer-pool`")).isEqualTo("memguardbuffer-pool");
        assertThat(PropertyReference.anchor("Start-up cost of the starter")).isEqualTo("start-up-cost-of-the-starter");
        assertThat(PropertyReference.anchor("After an OutOfMemoryError")).isEqualTo("after-an-outofmemoryerror");
    }

    private static JsonNode metadata(String json) {
        return JSON.readTree(json);
    }

    /** Where two texts part, as a line number and both lines, for a failure message that shows what changed. */
    private static String firstDifference(String committed, String generated) {
        List<String> a = committed.lines().toList();
        List<String> b = generated.lines().toList();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String left = (i < a.size()) ? a.get(i) : "(end of file)";
            String right = (i < b.size()) ? b.get(i) : "(end of file)";
            if (!left.equals(right)) {
                return " from line " + (i + 1) + ":\n  committed: " + left + "\n  generated: " + right;
            }
        }
        return " (line ends differ)";
    }
}
