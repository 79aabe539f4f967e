package io.firstline.intake;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The port between channels and the core. A channel acknowledges its provider only
 * after {@link #append} completed: by then the envelope is durable.
 */
public interface IntakeLog {

    /**
     * Completes once the envelope is durable; fails with {@link IntakeFullException}
     * when the log cannot take more right now (the channel answers 503 + Retry-After).
     */
    Mono<IntakeOutcome> append(InboundEnvelope envelope);

    /** Envelopes to process, at least once; the consumer settles each after its transaction. */
    Flux<IntakeDelivery> deliveries();
}
