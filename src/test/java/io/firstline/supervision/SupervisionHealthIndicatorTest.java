package io.firstline.supervision;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Readiness waits for the SLA timers: before they were rebuilt from the database it is out of service. */
class SupervisionHealthIndicatorTest {

    @Test
    void outOfServiceUntilTheTimersWereRebuilt() {
        SlaTicker ticker = new SlaTicker(timer -> Mono.empty(), Clock.systemUTC(), Duration.ofHours(24));
        SupervisionLifecycle notStarted = new SupervisionLifecycle(null, null, null, ticker, null);

        StepVerifier.create(new SupervisionHealthIndicator(notStarted, ticker).health())
                .expectNextMatches(health -> health.getStatus().equals(Status.OUT_OF_SERVICE))
                .verifyComplete();
    }
}
