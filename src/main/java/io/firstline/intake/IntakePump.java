package io.firstline.intake;

import io.firstline.contact.MessageReceived;
import io.firstline.kernel.EventBus;
import io.firstline.platform.web.Failures;
import io.firstline.routing.RoutingEngine;
import io.firstline.routing.WaitingContact;
import io.firstline.supervision.SlaNotifier;
import io.firstline.supervision.Supervision;
import io.firstline.platform.metrics.LatencyTimers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Feeds the intake log's deliveries to the processor: envelopes of one conversation
 * in order (one lane each), lanes in parallel with a fixed bound. Each lane takes what
 * has arrived in micro-batches (group commit, up to {@code batch-size}, no timer),
 * one transaction each; a batch that fails as a whole is processed again envelope by
 * envelope, so one bad envelope costs only itself. Each delivery is settled after its
 * transaction; contacts that start waiting go to routing.
 */
@Component
class IntakePump implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(IntakePump.class);
    static final Duration ROUTE_MIN_BACKOFF = Duration.ofMillis(50);
    static final Duration ROUTE_MAX_BACKOFF = Duration.ofSeconds(2);
    private static final long ROUTE_RETRIES_BEFORE_WARNING = 8;

    private final IntakeLog intake;
    private final IntakeProcessor processor;
    private final IntakeBatchProcessor batches;
    private final RoutingEngine routing;
    private final EventBus events;
    private final IntakeProperties properties;
    private final Supervision supervision;
    private final SlaNotifier notifier;
    private final MeterRegistry meters;
    private final Timer batchTimer;
    private final Timer singleTimer;
    private Disposable pump;
    private volatile boolean running;

    IntakePump(IntakeLog intake, IntakeProcessor processor, IntakeBatchProcessor batches, RoutingEngine routing,
               EventBus events, IntakeProperties properties, Supervision supervision, SlaNotifier notifier,
               MeterRegistry meters) {
        this.meters = meters;
        this.batchTimer = LatencyTimers.intakeProcessing("batch").register(meters);
        this.singleTimer = LatencyTimers.intakeProcessing("single").register(meters);
        this.batches = batches;
        this.supervision = supervision;
        this.notifier = notifier;
        this.intake = intake;
        this.processor = processor;
        this.routing = routing;
        this.events = events;
        this.properties = properties;
    }

    @Override
    public void start() {
        running = true;
        if (pump != null && !pump.isDisposed()) {
            return; // restarted after a pause: the subscription was kept, deliveries simply continue
        }
        // (A log that ends its deliveries when stopped, like Kafka's, is subscribed again.)
        int lanes = properties.lanes();
        pump = intake.deliveries()
                .groupBy(delivery -> Math.floorMod(delivery.envelope().conversationKey().hashCode(), lanes))
                .flatMap(this::batches, lanes)
                .subscribe(null, e -> log.error("Intake stopped: no envelope is processed until a restart", e));
    }

    /**
     * Group commit for one lane, without a timer: every delivery also queues itself; each one's turn takes
     * whatever is queued by then (up to {@code batch-size}), so a quiet lane processes each envelope at once
     * and a busy one processes, in one transaction, all that arrived while the previous batch was running.
     * A turn that finds the queue empty (its delivery went with an earlier batch) does nothing. The queue holds
     * at most what concatMap has prefetched ({@code batch-size}) plus the batch in progress.
     */
    private Flux<Void> batches(Flux<IntakeDelivery> lane) {
        Queue<IntakeDelivery> queued = new ConcurrentLinkedQueue<>();
        return lane.doOnNext(queued::offer)
                .concatMap(turn -> {
                    List<IntakeDelivery> batch = new ArrayList<>();
                    for (IntakeDelivery next; batch.size() < properties.batchSize() && (next = queued.poll()) != null; ) {
                        batch.add(next);
                    }
                    return batch.isEmpty() ? Mono.<Void>empty() : handleBatch(batch);
                }, properties.batchSize());
    }

    /** Times one transaction attempt (committed or not) from subscription to its result. */
    private <T> java.util.function.Function<Mono<T>, Mono<T>> timed(Timer timer) {
        return work -> Mono.defer(() -> {
            Timer.Sample sample = Timer.start(meters);
            return work.doFinally(signal -> sample.stop(timer));
        });
    }

    private Mono<Void> handleBatch(List<IntakeDelivery> batch) {
        List<InboundEnvelope> envelopes = batch.stream().map(IntakeDelivery::envelope).toList();
        return batches.process(envelopes)
                .transform(timed(batchTimer))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("the batch was not stored")))
                .map(Optional::of)
                .onErrorResume(e -> {
                    // Nothing of the batch was stored: each envelope gets its own transaction and retries.
                    log.info("Intake batch of {} failed ({}); processing its envelopes one by one", batch.size(), e.toString());
                    return Mono.just(Optional.empty());
                })
                .flatMap(processed -> processed.isEmpty()
                        ? Flux.fromIterable(batch).concatMap(this::handle).then()
                        : settle(batch, processed.get()))
                // Whatever happens after the commit, the lane goes on with the next batch.
                .onErrorResume(e -> {
                    log.warn("Intake batch of {} failed after it was stored: {}", batch.size(), e.toString());
                    return Mono.empty();
                });
    }

    /** After the batch's commit: each delivery settled, then each contact announced, then routed. */
    private Mono<Void> settle(List<IntakeDelivery> batch, List<ProcessedEnvelope> processed) {
        for (int i = 0; i < batch.size(); i++) {
            try {
                batch.get(i).processed(processed.get(i).outcome());
            } catch (RuntimeException e) {
                log.warn("Settling intake of {} failed: {}", batch.get(i).envelope().externalId(), e.toString());
            }
        }
        List<WaitingContact> toRoute = processed.stream().flatMap(envelope -> envelope.toRoute().stream()).toList();
        Mono<Void> announced = Flux.fromIterable(processed)
                .concatMap(envelope -> Mono.defer(() -> tell(envelope)).onErrorResume(e -> {
                    log.warn("Announcing contact {} failed: {}", envelope.outcome().contactId(), e.toString());
                    return Mono.empty();
                }))
                .then();
        // Committed and acknowledged: the contacts must reach routing (one command for the batch).
        return announced.then(untilRouted(routing.enqueueAll(toRoute), toRoute.size()));
    }

    private Mono<Void> handle(IntakeDelivery delivery) {
        return processor.process(delivery.envelope())
                .transform(timed(singleTimer))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("the envelope was not stored")))
                .retryWhen(delivery.retries())
                .doOnNext(processed -> delivery.processed(processed.outcome()))
                .doOnError(delivery::failed)
                .flatMap(this::announce)
                .onErrorResume(e -> {
                    log.warn("Intake of {} {} failed ({}): {}", delivery.envelope().channel().wireName(),
                            delivery.envelope().externalId(), Failures.permanent(e) ? "permanent, not retried" : "transient",
                            e.toString());
                    return Mono.empty();
                });
    }

    /** After commit: a new contact waits for an agent; a message on a held contact reaches its agent. */
    private Mono<Void> announce(ProcessedEnvelope processed) {
        // The contact is committed and acknowledged: it must reach routing, so a busy router is retried.
        return tell(processed).then(processed.toRoute()
                .map(contact -> untilRouted(routing.enqueue(contact), 1))
                .orElse(Mono.empty()));
    }

    /**
     * Stored contacts handed to routing, which refuses only for a while (its command queue full, no owner during a
     * failover; the offer history being behind does not refuse them): retried, {@link #ROUTE_MIN_BACKOFF} doubling
     * to {@link #ROUTE_MAX_BACKOFF}, for as long as the refusal lasts. Giving up after a few attempts (as before)
     * left a contact the customer was told is received unrouted until the next rebuild. The lane waits meanwhile,
     * so intake slows to what routing takes (its queue then answers 503). Only a permanent failure gives up.
     */
    private Mono<Void> untilRouted(Mono<Void> enqueue, int contacts) {
        return enqueue
                .retryWhen(Retry.backoff(Long.MAX_VALUE, ROUTE_MIN_BACKOFF).maxBackoff(ROUTE_MAX_BACKOFF)
                        .filter(e -> !Failures.permanent(e))
                        .doBeforeRetry(signal -> {
                            if (signal.totalRetries() == ROUTE_RETRIES_BEFORE_WARNING) {
                                log.warn("Routing refuses {} stored contacts ({}); still retrying", contacts,
                                        signal.failure().toString());
                            }
                        }))
                .onErrorResume(e -> {
                    log.error("Routing {} stored contacts failed for good (the next rebuild routes them): {}", contacts,
                            e.toString());
                    return Mono.empty();
                });
    }

    /** Deadlines watched, a major matter escalated, the agent holding the contact told of the message. */
    private Mono<Void> tell(ProcessedEnvelope processed) {
        long contactId = processed.outcome().contactId();
        if (!processed.deadlines().isEmpty()) {
            supervision.watch(contactId, processed.deadlines());
        }
        Mono<Void> escalation = processed.major() ? notifier.escalateMajor(contactId) : Mono.empty();
        processed.assigneeId().ifPresent(agentId -> events.publish(new MessageReceived(contactId, List.of(agentId))));
        return escalation;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The log's deliveries can be subscribed once, so the pump is only torn down with the app. */
    @Override
    public void destroy() {
        running = false;
        if (pump != null) {
            pump.dispose();
        }
    }

    @Override
    public int getPhase() {
        return 1;
    }
}
