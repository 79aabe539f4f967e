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
 * there, so console frames leave in decision order.
 */
@Component
public class RoutingEngine {

    private static final Logger log = LoggerFactory.getLogger(RoutingEngine.class);

    private final Router router;
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
        this.router = new Router(properties.settings(), () -> prefix + "-" + counter.incrementAndGet());
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

    /** Runs a command on the router thread, applies the decision it yields and hands back its result. */
    <T> Mono<T> execute(Function<Instant, T> command, Function<T, RoutingDecision> decisionOf) {
        return Mono.fromCallable(() -> {
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

    Mono<Void> run(Function<Instant, RoutingDecision> command) {
        return execute(command, Function.identity()).then();
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

    public Mono<Void> register(AgentProfile profile) {
        return run(now -> router.registerAgent(profile));
    }

    public Mono<Void> changeState(long agentId, AgentState state) {
        return run(now -> {
            RoutingDecision decision = router.changeState(agentId, state, now);
            tell(observer -> observer.stateChanged(agentId, state, now));
            return decision;
        });
    }

    public Mono<Void> enqueue(WaitingContact contact) {
        return run(now -> {
            tell(observer -> observer.waiting(contact, now));
            return router.enqueue(contact, now);
        });
    }

    /** {@link #enqueue} for many contacts in one router command (an intake batch): one hop, decisions in order. */
    public Mono<Void> enqueueAll(List<WaitingContact> contacts) {
        if (contacts.isEmpty()) {
            return Mono.empty();
        }
        return run(now -> {
            List<RoutingEvent> events = new java.util.ArrayList<>();
            for (WaitingContact contact : contacts) {
                tell(observer -> observer.waiting(contact, now));
                events.addAll(router.enqueue(contact, now).events());
            }
            return new RoutingDecision(events);
        });
    }

    public Mono<Void> release(long agentId, Channel channel) {
        return run(now -> {
            tell(observer -> observer.released(agentId, channel, now));
            return router.release(agentId, channel, now);
        });
    }

    public Mono<Void> restoreAssignment(long agentId, Channel channel) {
        return run(now -> {
            router.restoreAssignment(agentId, channel);
            tell(observer -> observer.restored(agentId, channel));
            return RoutingDecision.none();
        });
    }

    /** An accepted offer could not be recorded: the agent's slot is freed and the contact waits again. */
    public Mono<Void> giveBack(long agentId, WaitingContact contact) {
        return run(now -> {
            tell(observer -> observer.released(agentId, contact.channel(), now));
            tell(observer -> observer.waiting(contact, now));
            return router.release(agentId, contact.channel(), now).and(router.enqueue(contact, now));
        });
    }

    /** The contact no longer waits (closed or taken by other means); an outstanding offer is revoked. */
    public Mono<Void> withdraw(long contactId) {
        return run(now -> {
            tell(observer -> observer.withdrawn(contactId, now));
            return router.withdraw(contactId, now);
        });
    }

    public Mono<AcceptOutcome> accept(String offerId, long agentId) {
        return execute(now -> {
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

    /** Rejects an offer if it is this agent's; the outcome says why not otherwise. */
    public Mono<RejectOutcome> reject(String offerId, long agentId) {
        return execute(now -> {
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

    public Mono<List<Offer>> offersOf(long agentId) {
        return execute(now -> router.offersOf(agentId), offers -> RoutingDecision.none());
    }

    Mono<Void> tick() {
        return run(router::tick);
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
