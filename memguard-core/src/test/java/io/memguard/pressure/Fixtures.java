package io.memguard.pressure;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The fake file systems under {@code src/test/resources/cgroup}, each standing for {@code /} of one kind of machine.
 */
final class Fixtures {

    private Fixtures() {
    }

    static Path root(String name) {
        URL marker = Fixtures.class.getResource("/cgroup/" + name);
        if (marker == null) {
            throw new IllegalArgumentException("No fixture named " + name);
        }
        try {
            return Path.of(marker.toURI());
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
