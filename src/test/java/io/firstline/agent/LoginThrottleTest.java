package io.firstline.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import io.firstline.support.MovableClock;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MovableClock clock = new MovableClock();
    private final LoginThrottle throttle = new LoginThrottle(clock, 5, 20, Duration.ofSeconds(30), Duration.ofMinutes(15),
            Duration.ofHours(1), 100);

    @Test
    void theFifthFailureLocksTheUsernameAndEachFailureAfterALockDoublesIt() {
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.failed("agent1", "10.0.0.1")).isEmpty();
        }
        assertThat(throttle.retryAfter("agent1", "10.0.0.2")).isEmpty();
        assertThat(throttle.failed("agent1", "10.0.0.1")).singleElement()
                .isEqualTo(new LoginThrottle.Lockout(LoginThrottle.Scope.USERNAME, "agent1", 5, Duration.ofSeconds(30)));
        assertThat(throttle.retryAfter("AGENT1 ", "10.0.0.2")).contains(Duration.ofSeconds(30));

        clock.advance(Duration.ofSeconds(30));
        assertThat(throttle.retryAfter("agent1", "10.0.0.2")).isEmpty();
        assertThat(throttle.failed("agent1", "10.0.0.3")).extracting(LoginThrottle.Lockout::duration).containsExactly(Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(60));
        assertThat(throttle.failed("agent1", "10.0.0.4")).extracting(LoginThrottle.Lockout::duration).containsExactly(Duration.ofSeconds(120));
        assertThat(throttle.lockout(20, 5)).isEqualTo(Duration.ofMinutes(15));
        assertThat(throttle.lockout(200, 5)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aSuccessForgetsTheUsernamesFailuresButNotTheAddresses() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("agent1", "10.0.0.1");
        }
        throttle.succeeded("agent1");
        assertThat(throttle.failed("agent1", "10.0.0.1")).isEmpty();
        for (int i = 0; i < 14; i++) {
            throttle.failed("user" + i, "10.0.0.1");
        }
        // 4 + 1 + 14 = 19 failures from the address; the 20th locks it for every username.
        assertThat(throttle.failed("someone", "10.0.0.1")).singleElement()
                .extracting(LoginThrottle.Lockout::scope).isEqualTo(LoginThrottle.Scope.ADDRESS);
        assertThat(throttle.retryAfter("agent2", "10.0.0.1")).contains(Duration.ofSeconds(30));
        assertThat(throttle.retryAfter("agent2", "10.0.0.9")).isEmpty();
    }

    @Test
    void failuresAreForgottenAfterAnHourAndTheStateIsBounded() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("agent1", null);
        }
        clock.advance(Duration.ofHours(1));
        assertThat(throttle.failed("agent1", null)).isEmpty();

        for (int i = 0; i < 10_000; i++) {
            throttle.failed("guess-" + i, "10.1." + (i / 250) + "." + (i % 250));
        }
        assertThat(throttle.size()).isEqualTo(100);
    }
}
