/**
 * The limits a user would set by hand instead of memguard, each switched on by a Spring profile of the same
 * jar, so that the overload proof can put them side by side on the same load: {@code concurrency-limit}
 * (Spring Framework's {@code @ConcurrencyLimit} on {@code POST /api/ingest}) and {@code gradient} (a
 * latency-adaptive limit from Netflix concurrency-limits in a servlet filter). The {@code tomcat-threads} and
 * {@code unguarded} profiles need no code: see their {@code application-<profile>.yml}.
 *
 * @since 0.1.0
 */
package io.memguard.sample.contenders;
