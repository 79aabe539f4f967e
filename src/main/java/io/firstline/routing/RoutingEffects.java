package io.firstline.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import io.firstline.agent.Agents;
import io.firstline.contact.ContactService;
import io.firstline.kernel.EventBus;
import io.firstline.platform.web.Failures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.concurrent.Queues;
import reactor.util.retry.Retry;

/**
 * Carries routing decisions out: events (offers, revocations, presence) on the bus at once, and the offer
 * history (status, contact_event, agent state, channel hooks) to PostgreSQL through one ordered writer that
 * never drops a line.
 *
 * <p>Bound and overflow policy: back-pressure on the router, never dropping. One queue element is all the
 * history lines of one decision. Before a command runs, {@link RoutingEngine} asks {@link #admits}: a command
 * that brings new work (enqueue, presence, accept, reject, the tick) is admitted only while fewer than the soft
 * limit ({@code firstline.routing.history-backlog}, 4096) lines wait; one that settles what the database already
 * committed (release, give back, withdraw) up to the hard bound, the soft limit plus {@link #HEADROOM}; commands
 * that write no history (register, restore, snapshot) always. A refused command changes nothing and fails with
 * {@link RoutingBusyException} (the API answers 503 with Retry-After, intake retries). Each admitted decision adds
 * one element and every waiting element holds at least one line, so at most hard-bound elements ever wait and the
 * queue (that capacity) cannot overflow; one decision's lines may take the count past the bound (an intake batch,
 * a tick expiring many offers), and are kept whole.
 *
 * <p>Failures: a transient one (the database down or slow, a timeout) is retried with back-off capped at
 * {@link #MAX_BACKOFF} for as long as it lasts, and the lines behind it wait, so the order is kept; a permanent one
 * (the database refuses the data) and one still unclassified after {@link #UNKNOWN_ATTEMPTS} attempts cannot be
 * written by retrying: logged at error level and counted in {@code firstline.routing.history.failed}. A statement
 * the database committed but whose answer was lost is written again (at least once). The lines live in memory:
 * a clean shutdown waits for them, a crash loses those not yet written.
 */
@Component
class RoutingEffects {

    private static final Logger log = LoggerFactory.getLogger(RoutingEffects.class);
    /** Room above the soft limit for settling commands, which must not be refused lightly. */
    static final int HEADROOM = 1024;
    static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    static final int UNKNOWN_ATTEMPTS = 8;

    /** Who may still run while the history is behind; see the class comment. */
    enum Admission { NO_HISTORY, SETTLING, NEW_WORK }

    private final EventBus events;
    private final ContactService contacts;
    private final Agents agents;
    private final Clock clock;
    private final Counter failed;
    private final List<OfferListener> listeners;
    private final int softLimit;
    private final int hardBound;
    /** Lines handed to the writer and not yet written (or given up); raised on the router thread only. */
    private final AtomicInteger queuedLines = new AtomicInteger();
    // Emitted to only from the router thread (single producer); one element per decision.
    private final Sinks.Many<List<Mono<Void>>> history;

    public RoutingEffects(EventBus events, ContactService contacts, Agents agents, Clock clock, MeterRegistry meters,
                          List<OfferListener> listeners, RoutingProperties properties) {
        this.listeners = List.copyOf(listeners);
        this.events = events;
        this.contacts = contacts;
        this.agents = agents;
        this.clock = clock;
        this.softLimit = properties.historyBacklogOrDefault();
        this.hardBound = softLimit + HEADROOM;
        this.history = Sinks.many().unicast().onBackpressureBuffer(Queues.<List<Mono<Void>>>get(hardBound).get());
        this.failed = Counter.builder("firstline.routing.history.failed")
                .description("Offer-history lines that cannot be written (refused for good by the database); each is logged")
                .register(meters);
        Gauge.builder("firstline.routing.history.queued", queuedLines, AtomicInteger::get)
                .description("Offer-history lines waiting to be written (from the soft limit on, routing answers 503)")
                .register(meters);
    }

    /** Called on the router thread before a command runs: whether the history has room for what it may write. */
    boolean admits(Admission admission) {
        return switch (admission) {
            case NO_HISTORY -> true;
            case SETTLING -> queuedLines.get() < hardBound;
            case NEW_WORK -> queuedLines.get() < softLimit;
        };
    }

    /** Lines waiting to be written. */
    int queuedLines() {
        return queuedLines.get();
    }

    void apply(RoutingDecision decision) {
        List<Mono<Void>> lines = new ArrayList<>();
        for (RoutingEvent event : decision.events()) {
            if (event instanceof RoutingEvent.OfferMade made) {
                offerMade(made.offer(), lines);
            } else if (event instanceof RoutingEvent.OfferRevoked revoked) {
                offerRevoked(revoked.offer(), revoked.reason(), lines);
            } else if (event instanceof RoutingEvent.AgentStateChanged changed) {
                agentStateChanged(changed, lines);
            }
        }
        if (!lines.isEmpty()) {
            write(lines);
        }
    }

    private void offerMade(Offer offer, List<Mono<Void>> lines) {
        events.publish(new OfferMade(offer));
        lines.add(contacts.offered(offer.contact().contactId(), offer.agentId(), offer.expiresAt(), offer.offeredAt()));
        // Channel hooks (phone: the call's offered time) go through the same ordered writer.
        listeners.forEach(listener -> lines.add(Mono.defer(() -> listener.offered(offer))));
    }

    private void offerRevoked(Offer offer, RoutingEvent.RevokeReason reason, List<Mono<Void>> lines) {
        long contactId = offer.contact().contactId();
        events.publish(new OfferRevoked(offer.agentId(), offer.offerId(), contactId, reason.wireName()));
        if (reason == RoutingEvent.RevokeReason.TAKEN) {
            return;
        }
        lines.add(contacts.offerEnded(contactId, offer.agentId(), reason.wireName(), clock.instant()));
    }

    private void agentStateChanged(RoutingEvent.AgentStateChanged changed, List<Mono<Void>> lines) {
        Instant now = clock.instant();
        events.publish(new AgentPresenceChanged(changed.agentId(), changed.to(), now, changed.reason()));
        lines.add(agents.saveState(changed.agentId(), changed.to(), now));
    }

    private void write(List<Mono<Void>> lines) {
        queuedLines.addAndGet(lines.size());
        Sinks.EmitResult result = history.tryEmitNext(List.copyOf(lines));
        if (result.isFailure()) {
            // Admission keeps the queue below its capacity, so this is a bug or a writer already shut down:
            // fail the command loudly rather than lose its lines quietly.
            queuedLines.addAndGet(-lines.size());
            throw new IllegalStateException("the offer history writer refused " + lines.size() + " lines: " + result);
        }
    }

    /** Starts the history writer; lines are written one at a time, in order, each until it is written. */
    Disposable startHistoryWriter() {
        return history.asFlux()
                .publishOn(Schedulers.parallel(), 1)
                .concatMap(lines -> Flux.fromIterable(lines).concatMap(this::untilWritten), 1)
                .subscribe();
    }

    private Mono<Void> untilWritten(Mono<Void> line) {
        return line.retryWhen(Retry.from(signals -> signals.concatMap(signal -> {
                    Throwable error = signal.failure();
                    Failures.Kind kind = Failures.classify(error);
                    long attempt = signal.totalRetriesInARow();
                    if (kind == Failures.Kind.PERMANENT
                            || (kind == Failures.Kind.UNKNOWN && attempt + 1 >= UNKNOWN_ATTEMPTS)) {
                        return Mono.error(error);
                    }
                    if (attempt == 0) {
                        log.warn("Could not write routing history ({} lines waiting), retrying until it can: {}",
                                queuedLines.get(), error.toString());
                    }
                    return Mono.delay(backoff(attempt));
                })))
                .onErrorResume(e -> {
                    failed.increment();
                    log.error("A routing history line cannot be written and was given up: {}", e.toString());
                    return Mono.empty();
                })
                .doFinally(signal -> queuedLines.decrementAndGet());
    }

    /** 100 ms doubling per attempt, at most {@link #MAX_BACKOFF}: written soon after the database is back. */
    static Duration backoff(long attempt) {
        Duration delay = MIN_BACKOFF.multipliedBy(1L << Math.min(attempt, 10));
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }

    /** Completes once every line handed to the writer is written (shutdown waits for it, within a timeout). */
    Mono<Void> drained() {
        return Flux.interval(Duration.ZERO, Duration.ofMillis(50))
                .filter(tick -> queuedLines.get() == 0)
                .next()
                .then();
    }
}
