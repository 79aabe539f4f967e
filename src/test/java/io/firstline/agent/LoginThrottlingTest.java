package io.firstline.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import io.firstline.support.AppTestBase;
import io.firstline.support.MovableClock;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Wrong passwords in a row end in 429 with Retry-After, doubling; the lockout is audited and counted. */
@TestPropertySource(properties = "firstline.db.name=firstline_test_login")
class LoginThrottlingTest extends AppTestBase {

    @TestConfiguration
    static class Time {
        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock();
        }
    }

    @Autowired
    private MovableClock clock;
    @Autowired
    private MeterRegistry meters;
    @Autowired
    private Clock appClock;

    /** Every lock of a test has ended before the next one (and before the base class logs everyone in). */
    @AfterEach
    void letTheLocksEnd() {
        clock.advance(Duration.ofHours(2));
    }

    @Test
    void fiveWrongPasswordsLockTheUsernameEvenForTheRightOneUntilTheRetryAfterHasPassed() {
        assertThat(appClock).isSameAs(clock);
        double lockoutsBefore = lockouts("username");
        for (int i = 0; i < 5; i++) {
            attempt("agent4", "wrong-" + i).expectStatus().isUnauthorized();
        }
        attempt("agent4", "demo").expectStatus().isEqualTo(429)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "30")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail")
                .isEqualTo("too many failed logins for this username or from this address; retry in 30 s");
        assertThat(count("SELECT count(*) FROM security_event WHERE kind = 'login_lockout' AND username = 'agent4'"))
                .isEqualTo(1);
        assertThat(lockouts("username") - lockoutsBefore).isEqualTo(1);

        clock.advance(Duration.ofSeconds(30));
        // Still counted after the lock: one more wrong password locks for twice as long.
        attempt("agent4", "wrong-again").expectStatus().isUnauthorized();
        attempt("agent4", "demo").expectStatus().isEqualTo(429).expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "60");

        clock.advance(Duration.ofSeconds(60));
        attempt("agent4", "demo").expectStatus().isOk();
        // The success reset the count: one wrong password is just a 401 again.
        attempt("agent4", "wrong").expectStatus().isUnauthorized();
        attempt("agent4", "demo").expectStatus().isOk();
    }

    @Test
    void twentyWrongPasswordsFromOneAddressLockItForEveryUsername() {
        for (int i = 0; i < 20; i++) {
            attempt("nobody-" + i, "guess").expectStatus().isUnauthorized();
        }
        attempt("agent1", "demo").expectStatus().isEqualTo(429).expectHeader().exists(HttpHeaders.RETRY_AFTER);
        assertThat(count("SELECT count(*) FROM security_event WHERE kind = 'login_lockout' AND address = '127.0.0.1'"))
                .isGreaterThanOrEqualTo(1);
        clock.advance(Duration.ofSeconds(31));
        attempt("agent1", "demo").expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec attempt(String username, String password) {
        return http.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", password)).exchange();
    }

    private double lockouts(String scope) {
        var counter = meters.find("firstline.login.lockouts").tag("scope", scope).counter();
        return counter == null ? 0 : counter.count();
    }
}
