package io.firstline.intake.embedded;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import io.firstline.intake.InboundEnvelope;
import io.firstline.intake.IntakeDelivery;
import io.firstline.intake.IntakeFullException;
import io.firstline.intake.IntakeLog;
import io.firstline.intake.IntakeOutcome;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.concurrent.Queues;

/**
 * In-process intake for a single node. An envelope counts as durable once the core
 * has committed it to PostgreSQL, so {@code append} completes only then. At most
 * {@code capacity} envelopes are in flight; beyond that {@code append} fails fast
 * with {@link IntakeFullException} (overflow policy: refuse, the provider retries).
 */
public class EmbeddedIntakeLog implements IntakeLog {

    private final int capacity;
    private final Duration retryAfter;
    private final AtomicInteger inFlight = new AtomicInteger();
    // Never holds more than `capacity` items: the in-flight counter admits them.
    private final Sinks.Many<IntakeDelivery> sink;

    public EmbeddedIntakeLog(int capacity, Duration retryAfter) {
        this.capacity = capacity;
        this.retryAfter = retryAfter;
        this.sink = Sinks.many().unicast().onBackpressureBuffer(Queues.<IntakeDelivery>get(Math.max(1, capacity)).get());
    }

    @Override
    public Mono<IntakeOutcome> append(InboundEnvelope envelope) {
        return Mono.defer(() -> {
            if (inFlight.incrementAndGet() > capacity) {
                inFlight.decrementAndGet();
                return Mono.error(new IntakeFullException(retryAfter));
            }
            Sinks.One<IntakeOutcome> outcome = Sinks.one();
            Delivery delivery = new Delivery(envelope, outcome);
            Sinks.EmitResult result;
            synchronized (sink) { // several webhook threads emit; the sink wants one at a time
                result = sink.tryEmitNext(delivery);
            }
            if (result.isFailure()) {
                inFlight.decrementAndGet();
                return Mono.error(new IntakeFullException(retryAfter));
            }
            return outcome.asMono();
        });
    }

    @Override
    public Flux<IntakeDelivery> deliveries() {
        // Processing runs off the webhook's event loop, which only enqueues (under a short monitor).
        return sink.asFlux().publishOn(Schedulers.parallel());
    }

    /** Envelopes accepted and not yet settled. */
    public int inFlight() {
        return inFlight.get();
    }

    private final class Delivery implements IntakeDelivery {
        private final InboundEnvelope envelope;
        private final Sinks.One<IntakeOutcome> outcome;

        private Delivery(InboundEnvelope envelope, Sinks.One<IntakeOutcome> outcome) {
            this.envelope = envelope;
            this.outcome = outcome;
        }

        @Override
        public InboundEnvelope envelope() {
            return envelope;
        }

        @Override
        public void processed(IntakeOutcome result) {
            inFlight.decrementAndGet();
            outcome.tryEmitValue(result);
        }

        @Override
        public void failed(Throwable error) {
            // Nothing was committed, so nothing was acknowledged: the provider gets an error and retries.
            inFlight.decrementAndGet();
            outcome.tryEmitError(error);
        }
    }
}
