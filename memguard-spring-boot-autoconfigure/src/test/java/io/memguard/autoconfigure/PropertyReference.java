package io.memguard.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The property reference, {@code docs/reference.md}, rendered from the configuration metadata that the
 * configuration processor writes from the properties classes and their field Javadoc. The file is generated, not
 * kept by hand: {@link PropertyReferenceTests} fails when the committed file differs from what this renders, and
 * rewrites it when asked to ({@link #REGENERATE}).
 * <p>
 * One section per prefix: the root properties ({@code memguard.enabled}) under {@code memguard}, then one per
 * feature ({@code memguard.pressure}, {@code memguard.quota}...), then the actuator's namespaces, where memguard
 * keeps its endpoint's and its health contributor's settings beside Boot's own ({@code management.endpoint.memory},
 * {@code management.health.memory}). Each row gives the name, the type, the default and the description. A map
 * of nested settings, such as {@code memguard.ring-buffers.instances}, is shown by its entries
 * ({@code memguard.ring-buffers.instances.<key>.*}) with the group whose keys each entry takes.
 */
final class PropertyReference {

    /** The command that rewrites {@code docs/reference.md} from the metadata. */
    static final String REGENERATE = "./mvnw -B -ntp -pl memguard-spring-boot-autoconfigure -am test"
            + " -Dtest=PropertyReferenceTests -Dsurefire.failIfNoSpecifiedTests=false -Dmemguard.reference.write=true";

    private static final String ROOT = "memguard";

    private static final Pattern QUALIFIED_NAME = Pattern.compile("[a-zA-Z_][\\w$]*(?:\\.[a-zA-Z_][\\w$]*)*");

    /** One property of the metadata. */
    record Property(String name, String type, @Nullable String defaultValue, String description) {
    }

    /** One group of the metadata: a properties class or a nested group; {@code nested} when it has a source method. */
    record Group(String name, String type, boolean nested) {
    }

    private final List<Property> properties;

    private final List<Group> groups;

    private PropertyReference(List<Property> properties, List<Group> groups) {
        this.properties = properties;
        this.groups = groups;
    }

    /**
     * Reads the properties and groups of a {@code spring-configuration-metadata.json}.
     * @param metadata the parsed metadata
     * @return the reference of every property in it
     * @throws IllegalArgumentException if a property has no description, which the reference would lack too
     */
    static PropertyReference of(JsonNode metadata) {
        List<Property> properties = new ArrayList<>();
        for (JsonNode property : metadata.path("properties")) {
            String name = property.path("name").asString();
            String description = property.path("description").asString("").strip();
            if (description.isEmpty()) {
                throw new IllegalArgumentException("property " + name + " has no description: write the Javadoc of"
                        + " its field, which the configuration processor turns into the description");
            }
            properties.add(new Property(name, property.path("type").asString(""),
                    defaultValue(property.get("defaultValue")), description));
        }
        List<Group> groups = new ArrayList<>();
        for (JsonNode group : metadata.path("groups")) {
            groups.add(new Group(group.path("name").asString(), group.path("type").asString(""),
                    group.hasNonNull("sourceMethod")));
        }
        properties.sort(Comparator.comparing(Property::name));
        return new PropertyReference(List.copyOf(properties), List.copyOf(groups));
    }

    /**
     * The Markdown of the reference.
     * @return the whole file, ending with a line break
     */
    String render() {
        Map<String, List<Property>> sections = new TreeMap<>(PropertyReference::compareSections);
        for (Property property : properties) {
            sections.computeIfAbsent(section(property.name()), (key) -> new ArrayList<>()).add(property);
        }
        StringBuilder out = new StringBuilder();
        out.append("# Property reference\n\n");
        out.append("<!-- Generated from the configuration metadata by PropertyReferenceTests"
                + " (memguard-spring-boot-autoconfigure). Do not edit: change the Javadoc of the property's field"
                + " and regenerate. -->\n\n");
        out.append("Every property in memguard's configuration metadata, grouped by prefix: its name, type, default"
                + " and description. The descriptions are the Javadoc of the properties' fields, the text the IDE"
                + " shows. This file is generated: to change a description, edit the field's Javadoc, then run\n\n");
        out.append("```\n").append(REGENERATE).append("\n```\n\n");
        out.append("A bad value fails start-up with a message that names the property, its value and the fix.\n\n");
        out.append(sections.keySet().stream().map((section) -> "[`" + section + "`](#" + anchor(section) + ")")
                .collect(Collectors.joining(" · "))).append("\n");
        sections.forEach((section, rows) -> {
            out.append("\n## `").append(section).append("`\n\n");
            out.append("| Property | Type | Default | Description |\n|---|---|---|---|\n");
            for (Property property : rows) {
                out.append(row(property)).append('\n');
            }
        });
        return out.toString();
    }

    private String row(Property property) {
        String name = property.name();
        String type = type(property.type());
        Optional<Group> entries = mapValueGroup(property.type());
        if (entries.isPresent()) {
            name += ".<key>.*";
            type = "map of keys to the settings of `" + entries.get().name() + ".*`";
        }
        else if (property.type().startsWith("java.util.Map<")) {
            name += ".<key>";
        }
        String defaultValue = (property.defaultValue() != null) ? "`" + property.defaultValue() + "`" : "";
        return "| `" + name + "` | " + type + " | " + defaultValue + " | " + text(property.description()) + " |";
    }

    /** The section of a property: its properties class, or {@code memguard.<feature>} under the root class. */
    private String section(String name) {
        String owner = groups.stream().filter((group) -> !group.nested())
                .map(Group::name).filter((group) -> name.startsWith(group + "."))
                .max(Comparator.comparingInt(String::length)).orElse(name.substring(0, name.lastIndexOf('.')));
        String rest = name.substring(owner.length() + 1);
        return (owner.equals(ROOT) && rest.contains(".")) ? owner + "." + rest.substring(0, rest.indexOf('.'))
                : owner;
    }

    /** {@code memguard} first, then {@code memguard.*} by name, then the other namespaces by name. */
    private static int compareSections(String a, String b) {
        return Comparator.<String, Boolean>comparing((section) -> !section.equals(ROOT))
                .thenComparing((section) -> !section.startsWith(ROOT + "."))
                .thenComparing(Comparator.naturalOrder())
                .compare(a, b);
    }

    /** The group whose keys each entry of a map-valued property takes, if its values are such a group. */
    private Optional<Group> mapValueGroup(String type) {
        if (!type.startsWith("java.util.Map<")) {
            return Optional.empty();
        }
        String value = type.substring(type.indexOf(',') + 1, type.length() - 1).strip();
        return groups.stream().filter((group) -> group.type().equals(value)).findFirst();
    }

    /** A Java type as a reader writes it: simple names, and an enum as the values it accepts. */
    static String type(String type) {
        Optional<String> constants = enumConstants(type);
        if (constants.isPresent()) {
            return constants.get();
        }
        Matcher qualified = QUALIFIED_NAME.matcher(type);
        StringBuilder simple = new StringBuilder();
        while (qualified.find()) {
            String name = qualified.group();
            String simpleName = name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('$')) + 1);
            qualified.appendReplacement(simple, Matcher.quoteReplacement(primitive(simpleName)));
        }
        qualified.appendTail(simple);
        return "`" + simple.toString().replace(",", ", ") + "`";
    }

    private static String primitive(String simpleName) {
        return switch (simpleName) {
            case "Boolean" -> "boolean";
            case "Integer" -> "int";
            case "Long" -> "long";
            case "Double" -> "double";
            default -> simpleName;
        };
    }

    /** The constants of an enum type, written as the metadata writes an enum default (lower case). */
    private static Optional<String> enumConstants(String type) {
        try {
            Class<?> candidate = Class.forName(type, false, PropertyReference.class.getClassLoader());
            if (!candidate.isEnum()) {
                return Optional.empty();
            }
            return Optional.of(Arrays.stream(candidate.getEnumConstants())
                    .map((constant) -> "`" + ((Enum<?>) constant).name().toLowerCase(Locale.ROOT) + "`")
                    .collect(Collectors.joining(", ")));
        }
        catch (ClassNotFoundException | LinkageError ex) {
            return Optional.empty();
        }
    }

    private static @Nullable String defaultValue(@Nullable JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach((item) -> items.add(item.asString()));
            return String.join(", ", items);
        }
        return value.asString();
    }

    /** A description as one table cell: one line, and nothing Markdown or HTML would read as markup. */
    static String text(String description) {
        return description.replaceAll("\\s+", " ")
                .replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("|", "\\|").replace("*", "\\*").replace("`", "\\`");
    }

    /** The anchor GitHub gives a heading: lower case, punctuation other than hyphens dropped, spaces to hyphens. */
    static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
