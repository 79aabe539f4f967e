package io.firstline.intake;

import java.time.Duration;
import java.util.Optional;
import io.firstline.intake.kafka.KafkaIntakeLog;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Health {@code intake} (in the readiness group): embedded intake is always up (a full log answers each webhook
 * with 503 itself); in Kafka mode the brokers must answer within two seconds, or the node is not ready.
 */
@Component
class IntakeHealthIndicator implements ReactiveHealthIndicator {

    private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(2);

    private final Optional<KafkaIntakeLog> kafka;
    private final IntakeProperties properties;

    IntakeHealthIndicator(Optional<KafkaIntakeLog> kafka, IntakeProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    @Override
    public Mono<Health> health() {
        if (kafka.isEmpty()) {
            return Mono.just(Health.up().withDetail("mode", "embedded").withDetail("capacity", properties.capacity()).build());
        }
        return kafka.get().reachableBrokers(BROKER_TIMEOUT)
                .map(brokers -> Health.up().withDetail("mode", "kafka").withDetail("brokers", brokers).build())
                .onErrorResume(e -> Mono.just(Health.down().withDetail("mode", "kafka")
                        .withDetail("error", "no Kafka broker answered within " + BROKER_TIMEOUT.toSeconds() + " s").build()));
    }
}
