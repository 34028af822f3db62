package io.memguard.autoconfigure.pool;

import java.time.Duration;
import java.util.function.Consumer;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.memguard.autoconfigure.ConfigurationPropertyCheck;
import io.memguard.autoconfigure.InvalidMemguardPropertyException;
import io.memguard.pool.ObjectPool;
import io.memguard.pool.ObjectPoolRegistry;

/**
 * Configuration of memguard's object pools ({@code memguard.object-pool.*}): the defaults of the pools built
 * through the {@link io.memguard.pool.ObjectPoolRegistry} bean, and how abandoned objects are looked for.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("memguard.object-pool")
public class ObjectPoolProperties {

    private static final String PREFIX = "memguard.object-pool.";

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

    /**
     * The defaults these settings give registry-built pools: the one place where they are checked. A bad value
     * fails with an {@link InvalidMemguardPropertyException} that names the property and the accepted
     * values.
     *
     * @return the pool defaults
     */
    public ObjectPoolRegistry.Defaults toDefaults() {
        ObjectPool.Builder<Object> validator = ObjectPool.builder("memguard.object-pool", Object::new);
        check("max-size", maxSize, validator::maxSize);
        check("borrow-timeout", borrowTimeout, validator::borrowTimeout);
        check("abandoned.timeout", abandoned.timeout, validator::abandonedTimeout);
        check("pressure.high-trim", pressure.highTrim, validator::highPressureTrim);
        check("abandoned.check-interval", abandoned.checkInterval, interval -> {
            if (interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException("must be positive, such as 30s");
            }
        });
        return new ObjectPoolRegistry.Defaults(maxSize, borrowTimeout, abandoned.timeout, abandoned.captureStack,
                pressure.highTrim);
    }

    private static <V> void check(String property, V value, Consumer<V> setter) {
        ConfigurationPropertyCheck.apply(PREFIX + property, value, setter);
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
