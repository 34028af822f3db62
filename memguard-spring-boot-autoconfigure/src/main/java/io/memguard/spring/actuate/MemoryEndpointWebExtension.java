package io.memguard.spring.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@code memory} endpoint's HTTP-only operation: {@code POST /actuator/memory} with
 * {@code {"lowMemoryMode": true}} forces low-memory mode on until {@code {"lowMemoryMode": false}} hands it back to
 * the automatic rule. It answers with an HTTP status (400 for a body it cannot read), so it lives in a web extension
 * rather than in {@link MemoryEndpoint}, which every technology shares.
 *
 * <p>The operation is a write, and the endpoint's access is read-only by default: it exists only once the user grants
 * it with {@code management.endpoint.memory.access=unrestricted}.
 *
 * @since 0.2.0
 */
@EndpointWebExtension(endpoint = MemoryEndpoint.class)
public class MemoryEndpointWebExtension {

    private final @Nullable LowMemoryModeController lowMemoryMode;

    /**
     * Creates the extension.
     *
     * @param lowMemoryMode forces low-memory mode, or {@code null} when low-memory mode is off; every write then
     *                      answers 400, saying so
     */
    public MemoryEndpointWebExtension(@Nullable LowMemoryModeController lowMemoryMode) {
        this.lowMemoryMode = lowMemoryMode;
    }

    /**
     * Forces low-memory mode on ({@code true}) or hands it back to the automatic rule ({@code false}).
     *
     * @param lowMemoryMode the {@code lowMemoryMode} field of the JSON body, bound as a nullable {@code Object} so
     *                      that a missing or non-boolean value gets a message that says what to send rather than a
     *                      generic one
     * @return 200 with the mode after the change, or 400 with a message, changing nothing
     */
    @WriteOperation
    public WebEndpointResponse<Object> writeLowMemoryMode(@Nullable Object lowMemoryMode) {
        if (this.lowMemoryMode == null) {
            return badRequest("Low-memory mode is not available: it needs memguard-core's LowMemoryMode and must not "
                    + "be replaced by a bean without a controller");
        }
        try {
            return new WebEndpointResponse<>(this.lowMemoryMode.force(lowMemoryMode),
                    WebEndpointResponse.STATUS_OK);
        }
        catch (InvalidLowMemoryModeRequestException ex) {
            return badRequest(ex.getMessage());
        }
    }

    private static WebEndpointResponse<Object> badRequest(@Nullable String message) {
        return new WebEndpointResponse<>(new Error(WebEndpointResponse.STATUS_BAD_REQUEST, "Bad Request", message),
                WebEndpointResponse.STATUS_BAD_REQUEST);
    }

    /**
     * The body of a refused request.
     *
     * @param status  the HTTP status, 400
     * @param error   the status reason
     * @param message what is wrong and what to send
     * @since 0.2.0
     */
    public record Error(int status, String error, @Nullable String message) {
    }
}
