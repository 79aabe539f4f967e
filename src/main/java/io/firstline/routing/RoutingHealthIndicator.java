package io.firstline.routing;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Health {@code routing} (in the readiness group): OUT_OF_SERVICE until the router was rebuilt from PostgreSQL. */
@Component
class RoutingHealthIndicator implements ReactiveHealthIndicator {

    private final RoutingLifecycle lifecycle;

    RoutingHealthIndicator(RoutingLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public Mono<Health> health() {
        return Mono.just(lifecycle.rebuilt() ? Health.up().build()
                : Health.status(Status.OUT_OF_SERVICE).withDetail("reason", "the router is being rebuilt").build());
    }
}
