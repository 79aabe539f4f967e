package io.firstline.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import io.firstline.agent.Agents;
import io.firstline.contact.ContactService;
import io.firstline.contact.OfferHistoryLine;
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
 * that brings new work (presence, reject, the tick) is admitted only while fewer than the soft
 * limit ({@code firstline.routing.history-backlog}, 4096) lines wait; one that settles what the database already
 * committed or an offer already made (release, give back, withdraw, accept) up to the hard bound, the soft limit
 * plus {@link #HEADROOM}; commands that write no history (register, restore, snapshot) always. New contacts are
 * never refused for the history (they are committed and acknowledged): past the soft limit they join the queues
 * without an offer, and the first tick admitted again offers them. A refused command changes nothing and fails with
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
    /** Lines written by one drain at most (a few statements' parameters). */
    static final int LINES_PER_DRAIN = 512;
    /** Decisions the writer takes ahead from the sink into {@link #pending} while a drain runs. */
    static final int DRAIN_PREFETCH = 256;

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
    private final Sinks.Many<List<HistoryLine>> history;
    /**
     * Decisions the writer took from the sink and has not written yet (group commit, no timer): each drain writes
     * all of them at once, up to {@link #LINES_PER_DRAIN} lines. Holds at most the writer's prefetch
     * ({@link #DRAIN_PREFETCH} decisions) plus the drain in progress.
     */
    private final Queue<List<HistoryLine>> pending = new ConcurrentLinkedQueue<>();

    public RoutingEffects(EventBus events, ContactService contacts, Agents agents, Clock clock, MeterRegistry meters,
                          List<OfferListener> listeners, RoutingProperties properties) {
        this.listeners = List.copyOf(listeners);
        this.events = events;
        this.contacts = contacts;
        this.agents = agents;
        this.clock = clock;
        this.softLimit = properties.historyBacklogOrDefault();
        this.hardBound = softLimit + HEADROOM;
        this.history = Sinks.many().unicast().onBackpressureBuffer(Queues.<List<HistoryLine>>get(hardBound).get());
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
        List<HistoryLine> lines = new ArrayList<>();
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

    private void offerMade(Offer offer, List<HistoryLine> lines) {
        events.publish(new OfferMade(offer));
        lines.add(new HistoryLine.ContactLine(OfferHistoryLine.offered(offer.contact().contactId(), offer.agentId(),
                offer.expiresAt(), offer.offeredAt())));
        // Channel hooks (phone: the call's offered time) go through the same ordered writer.
        listeners.forEach(listener -> lines.add(new HistoryLine.HookLine(Mono.defer(() -> listener.offered(offer)))));
    }

    private void offerRevoked(Offer offer, RoutingEvent.RevokeReason reason, List<HistoryLine> lines) {
        long contactId = offer.contact().contactId();
        events.publish(new OfferRevoked(offer.agentId(), offer.offerId(), contactId, reason.wireName()));
        if (reason == RoutingEvent.RevokeReason.TAKEN) {
            return;
        }
        lines.add(new HistoryLine.ContactLine(OfferHistoryLine.ended(contactId, offer.agentId(), reason.wireName(), clock.instant())));
    }

    private void agentStateChanged(RoutingEvent.AgentStateChanged changed, List<HistoryLine> lines) {
        Instant now = clock.instant();
        events.publish(new AgentPresenceChanged(changed.agentId(), changed.to(), now, changed.reason()));
        lines.add(new HistoryLine.AgentLine(new Agents.SavedState(changed.agentId(), changed.to(), now)));
    }

    private void write(List<HistoryLine> lines) {
        queuedLines.addAndGet(lines.size());
        Sinks.EmitResult result = history.tryEmitNext(List.copyOf(lines));
        if (result.isFailure()) {
            // Admission keeps the queue below its capacity, so this is a bug or a writer already shut down:
            // fail the command loudly rather than lose its lines quietly.
            queuedLines.addAndGet(-lines.size());
            throw new IllegalStateException("the offer history writer refused " + lines.size() + " lines: " + result);
        }
    }

    /**
     * Starts the history writer. Each decision taken from the sink also queues itself in {@link #pending}; each one's
     * turn writes whatever is pending by then (so a quiet router writes each decision at once and a busy one writes,
     * together, all that was decided while the previous drain ran): chunks of one statement for the contacts and one
     * for the agents ({@link HistoryChunk}), in order, each until it is written. One statement per line, as before,
     * held one pooled connection and one run of the contact tables' statement triggers per line, and fell behind
     * under a few hundred offers per second (docs/benchmarks.md, offers at overload).
     */
    Disposable startHistoryWriter() {
        return history.asFlux()
                .publishOn(Schedulers.parallel(), DRAIN_PREFETCH)
                .doOnNext(pending::offer)
                .concatMap(turn -> {
                    List<HistoryLine> lines = takePending();
                    return lines.isEmpty() ? Mono.<Void>empty()
                            : Flux.fromIterable(HistoryChunk.split(lines)).concatMap(this::untilWritten).then();
                }, DRAIN_PREFETCH)
                .subscribe();
    }

    /** Whole decisions, oldest first, until {@link #LINES_PER_DRAIN} lines (at least one decision). */
    private List<HistoryLine> takePending() {
        List<HistoryLine> lines = new ArrayList<>();
        for (List<HistoryLine> next; lines.size() < LINES_PER_DRAIN && (next = pending.poll()) != null; ) {
            lines.addAll(next);
        }
        return lines;
    }

    /** The chunk in its few statements, retried; if the database refuses it, each line on its own. */
    private Mono<Void> untilWritten(HistoryChunk chunk) {
        Mono<Void> together = contacts.recordOfferHistory(chunk.contactLines())
                .then(agents.saveStates(chunk.agentLines()));
        return retried(together)
                .onErrorResume(e -> {
                    // One bad line costs only itself: the others are written one by one (the hooks are below).
                    log.warn("Could not write {} routing history lines together ({}); writing them one by one",
                            chunk.size() - chunk.hooks().size(), e.toString());
                    return Flux.fromIterable(chunk.lines())
                            .filter(line -> !(line instanceof HistoryLine.HookLine))
                            .concatMap(line -> untilWritten(single(line)))
                            .then();
                })
                .then(Flux.fromIterable(chunk.hooks()).concatMap(hook -> untilWritten(hook.write())).then())
                .doFinally(signal -> queuedLines.addAndGet(-chunk.size()));
    }

    private Mono<Void> single(HistoryLine line) {
        if (line instanceof HistoryLine.ContactLine contact) {
            return contacts.recordOfferLine(contact.line());
        }
        if (line instanceof HistoryLine.AgentLine agent) {
            return agents.saveStates(List.of(agent.state()));
        }
        return ((HistoryLine.HookLine) line).write();
    }

    /** One write until it is written; given up (logged, counted) only when retrying cannot help. */
    private Mono<Void> untilWritten(Mono<Void> line) {
        return retried(line)
                .onErrorResume(e -> {
                    failed.increment();
                    log.error("A routing history line cannot be written and was given up: {}", e.toString());
                    return Mono.empty();
                });
    }

    private Mono<Void> retried(Mono<Void> write) {
        return write.retryWhen(Retry.from(signals -> signals.concatMap(signal -> {
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
                })));
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
