package io.memguard.sample.events;

import java.util.Map;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@code GET /api/clients}: the API clients seen within the TTL, recorded by {@link ClientActivity} on every
 * {@code /api/**} request.
 *
 * @since 0.1.0
 */
// Needs memguard's beans: absent from the app run with memguard.enabled=false (the overload proof's baseline).
@ConditionalOnMemguardEnabled
@RestController
public class ClientActivityController {

    private final ClientActivity clientActivity;

    public ClientActivityController(ClientActivity clientActivity) {
        this.clientActivity = clientActivity;
    }

    @GetMapping("/api/clients")
    public Map<String, ClientActivity.LastSeen> clients() {
        return clientActivity.clients();
    }

    /** Records the activity of every {@code /api/**} request. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMemguardEnabled
    static class ClientActivityWebConfiguration implements WebMvcConfigurer {

        private final ClientActivity clientActivity;

        ClientActivityWebConfiguration(ClientActivity clientActivity) {
            this.clientActivity = clientActivity;
        }

        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            registry.addInterceptor(clientActivity).addPathPatterns("/api/**");
        }
    }
}
