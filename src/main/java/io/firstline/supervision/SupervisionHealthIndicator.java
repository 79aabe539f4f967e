package io.firstline.supervision;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Health {@code supervision} (in the readiness group): OUT_OF_SERVICE until the SLA timers were rebuilt. */
@Component
class SupervisionHealthIndicator implements ReactiveHealthIndicator {

    private final SupervisionLifecycle lifecycle;
    private final SlaTicker ticker;

    SupervisionHealthIndicator(SupervisionLifecycle lifecycle, SlaTicker ticker) {
        this.lifecycle = lifecycle;
        this.ticker = ticker;
    }

    @Override
    public Mono<Health> health() {
        return Mono.just(lifecycle.recovered() ? Health.up().withDetail("timers", ticker.pending()).build()
                : Health.status(Status.OUT_OF_SERVICE).withDetail("reason", "the SLA timers are being rebuilt").build());
    }
}
