package io.firstline.routing;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import io.firstline.agent.AgentState;
import io.firstline.kernel.Channel;
import io.firstline.platform.metrics.LatencyTimers;
import io.firstline.routing.RoutingEffects.Admission;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.NonBlocking;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the pure {@link Router} as a single writer: every command executes on one
 * thread, in arrival order, from a bounded queue (overflow policy: refuse with
 * {@link RoutingBusyException}). The events of each decision are applied right
 * there, so console frames leave in decision order. A command is also refused, before
 * it changes anything, while the offer history is too far behind (back-pressure instead
 * of dropping a line; {@link RoutingEffects} states the limits and who may still run).
 */
@Component
public class RoutingEngine {

    private static final Logger log = LoggerFactory.getLogger(RoutingEngine.class);

    private final RoutingSettings settings;
    private final java.util.function.Supplier<String> offerIds;
    /** Replaced (on the router thread) when this node takes over or gives up routing in Kafka mode. */
    private volatile Router router;
    /** Kafka mode: every command goes to the owner of the workspace's routing; null in embedded mode. */
    private volatile RoutingRemote remote;
    /** Kafka mode: this node took the workspace's routing over (set on the router thread by {@link #reset}). */
    private volatile boolean owning;
    private final RoutingEffects effects;
    private final Clock clock;
    private final ThreadPoolExecutor executor;
    private final Scheduler scheduler;

    private final List<RoutingObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final MeterRegistry meters;

    public RoutingEngine(RoutingProperties properties, RoutingEffects effects, Clock clock, MeterRegistry meters) {
        this.meters = meters;
        // Offer ids: a random per-start prefix and a counter, so no id repeats across restarts
        // and none needs SecureRandom on the router thread.
        String prefix = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
        AtomicLong counter = new AtomicLong();
        this.settings = properties.settings();
        this.offerIds = () -> prefix + "-" + counter.incrementAndGet();
        this.router = new Router(settings, offerIds);
        this.effects = effects;
        this.clock = clock;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(properties.commandQueueCapacity()), RouterThread::new,
                new ThreadPoolExecutor.AbortPolicy());
        this.scheduler = Schedulers.fromExecutorService(executor, "router");
        Gauge.builder("firstline.routing.commands.queued", executor, pool -> pool.getQueue().size())
                .description("Routing commands waiting for the router thread (beyond the capacity: 503)")
                .register(meters);
    }

    /**
     * Runs a command on the router thread, applies the decision it yields and hands back its result; refused
     * with {@link RoutingBusyException} when the offer history has no room for what the command may write.
     */
    <T> Mono<T> execute(Admission admission, Function<Instant, T> command, Function<T, RoutingDecision> decisionOf) {
        return Mono.fromCallable(() -> {
                    if (!effects.admits(admission)) {
                        throw new RoutingBusyException("the offer history is " + effects.queuedLines() + " lines behind");
                    }
                    Instant now = clock.instant();
                    T result = command.apply(now);
                    RoutingDecision decision = decisionOf.apply(result);
                    effects.apply(decision);
                    for (RoutingEvent event : decision.events()) {
                        if (event instanceof RoutingEvent.AgentStateChanged changed) {
                            tell(observer -> observer.stateChanged(changed.agentId(), changed.to(), now));
                        }
                    }
                    return result;
                })
                .subscribeOn(scheduler)
                .onErrorMap(RejectedExecutionException.class, RoutingBusyException::new)
                .publishOn(Schedulers.parallel());
    }

    Mono<Void> run(Admission admission, Function<Instant, RoutingDecision> command) {
        return execute(admission, command, Function.identity()).then();
    }

    /** Observers must be registered at start-up; see {@link RoutingObserver} for what they may do. */
    public void observe(RoutingObserver observer) {
        observers.add(observer);
    }

    private void tell(java.util.function.Consumer<RoutingObserver> call) {
        for (RoutingObserver observer : observers) {
            try {
                call.accept(observer);
            } catch (RuntimeException e) {
                log.warn("A routing observer failed: {}", e.toString());
            }
        }
    }

    /** Kafka mode: from now on commands go to {@code remote}; set once at start-up, before any command. */
    public void forwardTo(RoutingRemote remote) {
        this.remote = remote;
    }

    /** Whether commands are forwarded to the owner of routing (Kafka mode). */
    public boolean forwarding() {
        return remote != null;
    }

    /** On the owner: runs a forwarded command on this node's router. */
    public Mono<RoutingAnswer> answer(RoutingCommand command) {
        if (command instanceof RoutingCommand.ChangeState c) {
            return changeStateHere(c.agentId(), c.state()).thenReturn(RoutingAnswer.DONE);
        } else if (command instanceof RoutingCommand.EnqueueAll c) {
            return enqueueAllHere(c.contacts()).thenReturn(RoutingAnswer.DONE);
        } else if (command instanceof RoutingCommand.Release c) {
            return releaseHere(c.agentId(), c.channel()).thenReturn(RoutingAnswer.DONE);
        } else if (command instanceof RoutingCommand.RestoreAssignment c) {
            return restoreAssignmentHere(c.agentId(), c.channel()).thenReturn(RoutingAnswer.DONE);
        } else if (command instanceof RoutingCommand.GiveBack c) {
            return giveBackHere(c.agentId(), c.contact()).thenReturn(RoutingAnswer.DONE);
        } else if (command instanceof RoutingCommand.Withdraw c) {
            return withdrawHere(c.contactId()).thenReturn(RoutingAnswer.DONE);
        } else if (command instanceof RoutingCommand.Accept c) {
            return acceptHere(c.offerId(), c.agentId()).map(outcome -> outcome instanceof AcceptOutcome.Accepted accepted
                    ? new RoutingAnswer(accepted.offer(), null, null, null)
                    : new RoutingAnswer(null, ((AcceptOutcome.Refused) outcome).reason(), null, null));
        } else if (command instanceof RoutingCommand.Reject c) {
            return rejectHere(c.offerId(), c.agentId()).map(outcome -> new RoutingAnswer(null, null, outcome.result(), null));
        } else if (command instanceof RoutingCommand.OffersOf c) {
            return offersOfHere(c.agentId()).map(offers -> new RoutingAnswer(null, null, null, offers));
        }
        return Mono.error(new IllegalArgumentException("unknown routing command " + command));
    }

    /**
     * Starts over with an empty router (Kafka mode: before a rebuild on taking over, {@code owning}, and on giving
     * routing up); observers are told, so live figures start over too.
     */
    Mono<Void> reset(boolean owning) {
        return execute(Admission.NO_HISTORY, now -> {
            router = new Router(settings, offerIds);
            this.owning = owning;
            tell(observer -> observer.reset(owning, now));
            return RoutingDecision.none();
        }, Function.identity()).then();
    }

    /**
     * Whether this node's router is the workspace's: always in embedded mode; in Kafka mode while this node holds the
     * workspace's routing partition (between a take-over and a hand-over).
     */
    public boolean routesHere() {
        return !forwarding() || owning;
    }

    /** No answer in time (no owner yet, or one failing over) is a busy router: 503 with Retry-After. */
    private Mono<RoutingAnswer> forward(RoutingCommand command) {
        return remote.forward(command).onErrorMap(java.util.concurrent.TimeoutException.class, RoutingBusyException::new);
    }

    public Mono<Void> changeState(long agentId, AgentState state) {
        return forwarding() ? forward(new RoutingCommand.ChangeState(agentId, state)).then() : changeStateHere(agentId, state);
    }

    public Mono<Void> enqueue(WaitingContact contact) {
        return enqueueAll(List.of(contact));
    }

    public Mono<Void> enqueueAll(List<WaitingContact> contacts) {
        if (contacts.isEmpty()) {
            return Mono.empty();
        }
        return forwarding() ? forward(new RoutingCommand.EnqueueAll(contacts)).then() : enqueueAllHere(contacts);
    }

    public Mono<Void> release(long agentId, Channel channel) {
        return forwarding() ? forward(new RoutingCommand.Release(agentId, channel)).then() : releaseHere(agentId, channel);
    }

    public Mono<Void> restoreAssignment(long agentId, Channel channel) {
        return forwarding() ? forward(new RoutingCommand.RestoreAssignment(agentId, channel)).then()
                : restoreAssignmentHere(agentId, channel);
    }

    /** An accepted offer could not be recorded: the agent's slot is freed and the contact waits again. */
    public Mono<Void> giveBack(long agentId, WaitingContact contact) {
        return forwarding() ? forward(new RoutingCommand.GiveBack(agentId, contact)).then() : giveBackHere(agentId, contact);
    }

    /** The contact no longer waits (closed or taken by other means); an outstanding offer is revoked. */
    public Mono<Void> withdraw(long contactId) {
        return forwarding() ? forward(new RoutingCommand.Withdraw(contactId)).then() : withdrawHere(contactId);
    }

    public Mono<AcceptOutcome> accept(String offerId, long agentId) {
        return forwarding() ? forward(new RoutingCommand.Accept(offerId, agentId)).map(RoutingAnswer::acceptOutcome)
                : acceptHere(offerId, agentId);
    }

    /** Rejects an offer if it is this agent's; the outcome says why not otherwise. */
    public Mono<RejectOutcome> reject(String offerId, long agentId) {
        return forwarding() ? forward(new RoutingCommand.Reject(offerId, agentId))
                .map(answer -> new RejectOutcome(answer.rejected(), RoutingDecision.none())) : rejectHere(offerId, agentId);
    }

    public Mono<List<Offer>> offersOf(long agentId) {
        return forwarding() ? forward(new RoutingCommand.OffersOf(agentId)).map(RoutingAnswer::offers) : offersOfHere(agentId);
    }

    Mono<Void> register(AgentProfile profile) {
        return run(Admission.NO_HISTORY, now -> router.registerAgent(profile));
    }

    Mono<Void> changeStateHere(long agentId, AgentState state) {
        return run(Admission.NEW_WORK, now -> {
            RoutingDecision decision = router.changeState(agentId, state, now);
            tell(observer -> observer.stateChanged(agentId, state, now));
            return decision;
        });
    }

    /**
     * Many contacts in one router command (an intake batch): one hop, decisions in order. Never refused because the
     * offer history is behind: the contacts are committed (and acknowledged), so they always join the queues; while
     * new work is not admitted they only wait ({@link Router#hold}) and a later tick offers them.
     */
    Mono<Void> enqueueAllHere(List<WaitingContact> contacts) {
        return run(Admission.NO_HISTORY, now -> {
            boolean offerNow = effects.admits(Admission.NEW_WORK);
            List<RoutingEvent> events = new java.util.ArrayList<>();
            for (WaitingContact contact : contacts) {
                tell(observer -> observer.waiting(contact, now));
                if (offerNow) {
                    events.addAll(router.enqueue(contact, now).events());
                } else {
                    router.hold(contact, now);
                }
            }
            return new RoutingDecision(events);
        });
    }

    Mono<Void> releaseHere(long agentId, Channel channel) {
        return run(Admission.SETTLING, now -> {
            tell(observer -> observer.released(agentId, channel, now));
            return router.release(agentId, channel, now);
        });
    }

    Mono<Void> restoreAssignmentHere(long agentId, Channel channel) {
        return run(Admission.NO_HISTORY, now -> {
            router.restoreAssignment(agentId, channel);
            tell(observer -> observer.restored(agentId, channel));
            return RoutingDecision.none();
        });
    }

    Mono<Void> giveBackHere(long agentId, WaitingContact contact) {
        return run(Admission.SETTLING, now -> {
            tell(observer -> observer.released(agentId, contact.channel(), now));
            tell(observer -> observer.waiting(contact, now));
            return router.release(agentId, contact.channel(), now).and(router.enqueue(contact, now));
        });
    }

    Mono<Void> withdrawHere(long contactId) {
        return run(Admission.SETTLING, now -> {
            tell(observer -> observer.withdrawn(contactId, now));
            return router.withdraw(contactId, now);
        });
    }

    /** Settles an offer already made (the agent's answer), so it runs while the history is behind too. */
    Mono<AcceptOutcome> acceptHere(String offerId, long agentId) {
        return execute(Admission.SETTLING, now -> {
            AcceptOutcome outcome = router.accept(offerId, agentId, now);
            if (outcome instanceof AcceptOutcome.Accepted accepted) {
                Duration waited = Duration.between(accepted.offer().offeredAt(), now);
                LatencyTimers.offerAccept(accepted.offer().contact().channel().wireName()).register(meters)
                        .record(waited.isNegative() ? Duration.ZERO : waited);
                tell(observer -> observer.answered(accepted.offer().contact().contactId(), agentId,
                        accepted.offer().contact().channel(), now));
            }
            return outcome;
        }, outcome ->
                outcome instanceof AcceptOutcome.Accepted accepted ? accepted.decision() : ((AcceptOutcome.Refused) outcome).decision());
    }

    Mono<RejectOutcome> rejectHere(String offerId, long agentId) {
        return execute(Admission.NEW_WORK, now -> {
            var offer = router.offer(offerId);
            if (offer.isEmpty()) {
                return new RejectOutcome(RejectOutcome.Result.UNKNOWN_OFFER, RoutingDecision.none());
            }
            if (offer.get().agentId() != agentId) {
                return new RejectOutcome(RejectOutcome.Result.NOT_YOURS, RoutingDecision.none());
            }
            return new RejectOutcome(RejectOutcome.Result.REJECTED, router.reject(offerId, agentId, now));
        }, RejectOutcome::decision);
    }

    Mono<List<Offer>> offersOfHere(long agentId) {
        return execute(Admission.NO_HISTORY, now -> router.offersOf(agentId), offers -> RoutingDecision.none());
    }

    Mono<Void> tick() {
        return run(Admission.NEW_WORK, now -> router.tick(now));
    }

    void shutdown() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.dispose();
        log.info("Router stopped");
    }

    public record RejectOutcome(Result result, RoutingDecision decision) {
        public enum Result { REJECTED, UNKNOWN_OFFER, NOT_YOURS }
    }

    /** Marked non-blocking so BlockHound catches any blocking call on the router thread. */
    private static final class RouterThread extends Thread implements NonBlocking {
        RouterThread(Runnable task) {
            super(task, "router");
            setDaemon(true);
        }
    }
}
