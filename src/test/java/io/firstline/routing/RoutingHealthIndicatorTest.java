package io.firstline.routing;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import reactor.test.StepVerifier;

/** Readiness waits for the router: before its rebuild from the database it is out of service. */
class RoutingHealthIndicatorTest {

    @Test
    void outOfServiceUntilTheRouterWasRebuilt() {
        RoutingLifecycle notStarted = new RoutingLifecycle(null, null, null, null, null, null, null);

        StepVerifier.create(new RoutingHealthIndicator(notStarted).health())
                .expectNextMatches(health -> health.getStatus().equals(Status.OUT_OF_SERVICE)
                        && "the router is being rebuilt".equals(health.getDetails().get("reason")))
                .verifyComplete();
    }
}
