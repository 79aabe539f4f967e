package io.firstline.agent;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The login throttle at work: refusals counted ({@code firstline.login.throttled}), each lockout counted
 * ({@code firstline.login.lockouts{scope}}), logged and written to the security audit trail.
 */
@Component
class LoginGuard {

    private static final Logger log = LoggerFactory.getLogger(LoginGuard.class);

    private final LoginThrottle throttle;
    private final SecurityEvents events;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Counter throttled;

    LoginGuard(LoginProperties properties, Clock clock, SecurityEvents events, MeterRegistry meters) {
        this.throttle = new LoginThrottle(clock, properties.maxFailures(), properties.maxAddressFailures(),
                properties.firstLockout(), properties.maxLockout(),
                properties.forgetAfter(), properties.maxEntries());
        this.events = events;
        this.clock = clock;
        this.meters = meters;
        this.throttled = Counter.builder("firstline.login.throttled")
                .description("Logins refused with 429 because the username or address is locked").register(meters);
        Gauge.builder("firstline.login.throttle.keys", throttle, LoginThrottle::size)
                .description("Usernames and addresses the login throttle holds (bounded)").register(meters);
    }

    /**
     * The throttle's key for a username: usernames are unique per workspace, so the same name in two workspaces is two
     * people with their own counts.
     */
    private static String key(long workspaceId, String username) {
        return workspaceId + "/" + username;
    }

    /** The wait before another try, when the username or the address is locked (counted as throttled). */
    Optional<Duration> retryAfter(long workspaceId, String username, String address) {
        Optional<Duration> wait = throttle.retryAfter(key(workspaceId, username), address);
        wait.ifPresent(ignored -> throttled.increment());
        return wait;
    }

    /** A wrong password: counted; a lockout it starts is audited (best-effort: a failed write is logged). */
    Mono<Void> failed(long workspaceId, String username, String address) {
        List<LoginThrottle.Lockout> lockouts = throttle.failed(key(workspaceId, username), address);
        return Flux.fromIterable(lockouts)
                .concatMap(lockout -> {
                    Counter.builder("firstline.login.lockouts").description("Login lockouts started")
                            .tag("scope", lockout.scope().name().toLowerCase(java.util.Locale.ROOT)).register(meters).increment();
                    String whose = lockout.scope() == LoginThrottle.Scope.USERNAME
                            ? "username '" + username + "' in workspace " + workspaceId : "address '" + lockout.key() + "'";
                    String detail = lockout.failures() + " failed logins in a row for " + whose + ": locked for "
                            + lockout.duration().toSeconds() + " s";
                    log.warn("Login lockout: {}", detail);
                    return events.record(SecurityEvents.LOGIN_LOCKOUT, workspaceId, username, address, detail, clock.instant())
                            .onErrorResume(e -> {
                                log.warn("Could not write the login lockout to the audit trail: {}", e.toString());
                                return Mono.empty();
                            });
                })
                .then();
    }

    void succeeded(long workspaceId, String username) {
        throttle.succeeded(key(workspaceId, username));
    }
}
