package io.memguard.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LowMemoryModeRequestParserTests {

    private static final String EXPECTED = "send {\"lowMemoryMode\": true} to force low-memory mode on, or"
            + " {\"lowMemoryMode\": false} to hand it back to the automatic rule.";

    private final LowMemoryModeRequestParser parser = new LowMemoryModeRequestParser();

    @Test
    void readsTrueAndFalse() {
        assertThat(parser.parse("{\"lowMemoryMode\": true}")).isTrue();
        assertThat(parser.parse(" { \"lowMemoryMode\" : false } ")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|The request body is empty; ",
            "'   '|The request body is empty; ",
            "'{\"lowMemoryMode\": tru}'|The request body is not valid JSON (",
            "'{\"lowMemoryMode\": true'|The request body is not valid JSON (",
            "'[true]'|The request body must be a JSON object, was an array; ",
            "'true'|The request body must be a JSON object, was true; ",
            "'\"on\"'|The request body must be a JSON object, was \"on\"; ",
            "'{}'|The request body has no \"lowMemoryMode\" field; ",
            "'{\"lowmemorymode\": true}'|Unknown field \"lowmemorymode\" in the request body; the only field is"
                    + " \"lowMemoryMode\": ",
            "'{\"lowMemoryMode\": true, \"force\": 1}'|Unknown field \"force\" in the request body",
            "'{\"lowMemoryMode\": \"true\"}'|\"lowMemoryMode\" must be true or false, was \"true\"; ",
            "'{\"lowMemoryMode\": 1}'|\"lowMemoryMode\" must be true or false, was 1; ",
            "'{\"lowMemoryMode\": null}'|\"lowMemoryMode\" must be true or false, was null; " })
    void refusesAMalformedBodyWithAClearMessage(String body, String message) {
        assertThatExceptionOfType(InvalidLowMemoryModeRequestException.class).isThrownBy(() -> parser.parse(body))
                .withMessageStartingWith(message)
                .withMessageEndingWith(EXPECTED);
    }

    @Test
    void refusesANullBody() {
        assertThatExceptionOfType(InvalidLowMemoryModeRequestException.class)
                .isThrownBy(() -> parser.parse((String) null))
                .withMessage("The request body is empty; " + EXPECTED);
    }

    @Test
    void readsABodyTheActuatorAlreadyBound() {
        assertThat(parser.parse(Map.of("lowMemoryMode", true))).isTrue();
        assertThat(parser.parseValue(Boolean.FALSE)).isFalse();
    }

    @Test
    void refusesABoundBodyThatIsMalformed() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("lowMemoryMode", true);
        extra.put("mode", "on");

        assertThatExceptionOfType(InvalidLowMemoryModeRequestException.class).isThrownBy(() -> parser.parse(extra))
                .withMessageStartingWith("Unknown field \"mode\"");
        assertThatExceptionOfType(InvalidLowMemoryModeRequestException.class)
                .isThrownBy(() -> parser.parse(Map.of("lowMemoryMode", "yes")))
                .withMessage("\"lowMemoryMode\" must be true or false, was \"yes\"; " + EXPECTED);
        assertThatExceptionOfType(InvalidLowMemoryModeRequestException.class).isThrownBy(() -> parser.parseValue(null))
                .withMessage("The request body has no \"lowMemoryMode\" field; " + EXPECTED);
        assertThatExceptionOfType(InvalidLowMemoryModeRequestException.class)
                .isThrownBy(() -> parser.parse((Map<String, ?>) null))
                .withMessage("The request body is empty; " + EXPECTED);
    }
}
