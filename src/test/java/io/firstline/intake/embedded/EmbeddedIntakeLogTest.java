package io.firstline.intake.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import io.firstline.kernel.Channel;
import io.firstline.intake.InboundEnvelope;
import io.firstline.intake.IntakeDelivery;
import io.firstline.intake.IntakeFullException;
import io.firstline.intake.IntakeOutcome;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class EmbeddedIntakeLogTest {

    private static InboundEnvelope envelope(String id) {
        return new InboundEnvelope(Channel.WEBCHAT, "demo", id, "demo:v1", "v1", null, "hi", Instant.EPOCH);
    }

    @Test
    void appendCompletesOnlyAfterTheEnvelopeWasProcessed() {
        EmbeddedIntakeLog log = new EmbeddedIntakeLog(4, Duration.ofSeconds(2));
        StepVerifier.create(log.append(envelope("a")))
                .then(() -> StepVerifier.create(log.deliveries().take(1))
                        .consumeNextWith(delivery -> {
                            assertThat(delivery.envelope().externalId()).isEqualTo("a");
                            delivery.processed(new IntakeOutcome(7, false));
                        })
                        .verifyComplete())
                .expectNext(new IntakeOutcome(7, false))
                .verifyComplete();
        assertThat(log.inFlight()).isZero();
    }

    @Test
    void refusesWithRetryAfterWhenFullAndAcceptsAgainOnceSettled() {
        EmbeddedIntakeLog log = new EmbeddedIntakeLog(1, Duration.ofSeconds(3));
        Mono<IntakeOutcome> first = log.append(envelope("a")).cache();
        first.subscribe();

        StepVerifier.create(log.append(envelope("b")))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(IntakeFullException.class)
                        .extracting(e -> ((IntakeFullException) e).retryAfter()).isEqualTo(Duration.ofSeconds(3)))
                .verify(Duration.ofSeconds(5));

        IntakeDelivery delivery = log.deliveries().blockFirst(Duration.ofSeconds(5));
        delivery.failed(new IllegalStateException("database down"));
        StepVerifier.create(first).expectErrorMessage("database down").verify(Duration.ofSeconds(5));
        assertThat(log.inFlight()).isZero();
    }
}
