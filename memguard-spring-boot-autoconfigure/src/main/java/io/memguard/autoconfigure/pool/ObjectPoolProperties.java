package io.memguard.autoconfigure.pool;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.pool.ObjectPool;

/**
 * Configuration of memguard's object pools ({@code memguard.object-pool.*}): the defaults of the pools built
 * through the {@link io.memguard.pool.ObjectPoolRegistry} bean, and how abandoned objects are looked for.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("memguard.object-pool")
public class ObjectPoolProperties implements Validator {

    /**
     * Whether to create the object pool registry and to watch the application's object pools.
     */
    private boolean enabled = true;

    /**
     * Most objects per pool, lent and idle together, from 1 to 65536, for pools built through the registry (a
     * pool's own builder may set another).
     */
    private int maxSize = 64;

    /**
     * Longest a borrow waits when a pool is exhausted before it fails; 0 fails at once. Never infinite.
     */
    private Duration borrowTimeout = Duration.ofSeconds(1);

    /**
     * How the pools react to memory pressure.
     */
    private final Pressure pressure = new Pressure();

    /**
     * Detection of objects borrowed and not returned.
     */
    private final Abandoned abandoned = new Abandoned();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getMaxSize() {
        return maxSize;
    }

    public void setMaxSize(int maxSize) {
        this.maxSize = maxSize;
    }

    public Duration getBorrowTimeout() {
        return borrowTimeout;
    }

    public void setBorrowTimeout(Duration borrowTimeout) {
        this.borrowTimeout = borrowTimeout;
    }

    public Pressure getPressure() {
        return pressure;
    }

    public Abandoned getAbandoned() {
        return abandoned;
    }

    @Override
    public boolean supports(Class<?> type) {
        return type == ObjectPoolProperties.class || type == Pressure.class || type == Abandoned.class;
    }

    /**
     * Checks the values while Spring Boot binds them, each group under its own name. memguard-core's
     * {@link ObjectPool.Builder} owns the rules: each value goes through the setter that checks it, on a builder that
     * is thrown away.
     */
    @Override
    public void validate(Object target, Errors errors) {
        ObjectPool.Builder<Object> core = ObjectPool.builder("validation", Object::new);
        if (target instanceof Pressure group) {
            PropertyChecks.acceptedBy(errors, "highTrim", group.highTrim, core::highPressureTrim);
        }
        else if (target instanceof Abandoned group) {
            PropertyChecks.acceptedBy(errors, "timeout", group.timeout, core::abandonedTimeout);
            PropertyChecks.positive(errors, "checkInterval", group.checkInterval, "30s");
        }
        else if (target == this) {
            PropertyChecks.acceptedBy(errors, "maxSize", maxSize, core::maxSize);
            PropertyChecks.acceptedBy(errors, "borrowTimeout", borrowTimeout, core::borrowTimeout);
        }
    }

    /**
     * How the pools react to memory pressure.
     *
     * @since 0.1.0
     */
    public static class Pressure {

        /**
         * Share of each pool's idle objects destroyed when the pressure level rises to HIGH, in (0, 1]. At
         * CRITICAL all idle objects are destroyed and returned ones too, until the level falls again.
         */
        private double highTrim = 0.5;

        public double getHighTrim() {
            return highTrim;
        }

        public void setHighTrim(double highTrim) {
            this.highTrim = highTrim;
        }
    }

    /**
     * Detection of objects borrowed and not returned.
     *
     * @since 0.1.0
     */
    public static class Abandoned {

        /**
         * How long an object may stay borrowed, as timed by the periodic check, before it is reported abandoned;
         * 0 turns detection off.
         */
        private Duration timeout = Duration.ofMinutes(5);

        /**
         * Whether each borrow records its stack, so that a report says where the object was borrowed. Costly:
         * for hunting a leak.
         */
        private boolean captureStack = false;

        /**
         * How often every registered pool is checked for abandoned objects. Positive.
         */
        private Duration checkInterval = Duration.ofSeconds(30);

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public boolean isCaptureStack() {
            return captureStack;
        }

        public void setCaptureStack(boolean captureStack) {
            this.captureStack = captureStack;
        }

        public Duration getCheckInterval() {
            return checkInterval;
        }

        public void setCheckInterval(Duration checkInterval) {
            this.checkInterval = checkInterval;
        }
    }
}
