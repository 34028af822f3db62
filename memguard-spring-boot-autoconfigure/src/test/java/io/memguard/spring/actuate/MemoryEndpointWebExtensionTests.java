package io.memguard.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.memguard.protect.LowMemoryMode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

class MemoryEndpointWebExtensionTests {

    private final LowMemoryMode mode = LowMemoryMode.builder().minimumDuration(Duration.ZERO).build();

    private final MemoryEndpointWebExtension extension = new MemoryEndpointWebExtension(
            new LowMemoryModeController(mode, true));

    @Test
    void writeAnswers200WithTheModeAfterTheChange() {
        WebEndpointResponse<Object> on = extension.writeLowMemoryMode(true);

        assertThat(on.getStatus()).isEqualTo(200);
        assertThat(on.getBody()).isInstanceOfSatisfying(LowMemoryModeDescriptor.class,
                (descriptor) -> assertThat(descriptor.forced()).isTrue());
        assertThat(mode.isActive()).isTrue();

        assertThat(extension.writeLowMemoryMode("false").getStatus()).isEqualTo(200);
        assertThat(mode.isActive()).isFalse();
    }

    @Test
    void writeAnswers400WithAClearMessageAndChangesNothing() {
        WebEndpointResponse<Object> response = extension.writeLowMemoryMode("yes");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getBody()).isInstanceOfSatisfying(MemoryEndpointWebExtension.Error.class, (error) -> {
            assertThat(error.status()).isEqualTo(400);
            assertThat(error.error()).isEqualTo("Bad Request");
            assertThat(error.message()).startsWith("\"lowMemoryMode\" must be true or false, was \"yes\"");
        });
        assertThat(extension.writeLowMemoryMode(null).getStatus()).isEqualTo(400);
        assertThat(mode.isActive()).isFalse();
        assertThat(mode.snapshot().timesEntered()).isZero();
    }

    @Test
    void withoutLowMemoryModeEveryWriteIsABadRequestThatSaysSo() {
        WebEndpointResponse<Object> response = new MemoryEndpointWebExtension(null).writeLowMemoryMode(true);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getBody()).isInstanceOfSatisfying(MemoryEndpointWebExtension.Error.class,
                (error) -> assertThat(error.message()).startsWith("Low-memory mode is not available"));
    }
}
