package io.firstline.routing;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import io.firstline.agent.AgentAccount;
import io.firstline.agent.AgentState;
import io.firstline.agent.Agents;
import io.firstline.kernel.Channel;
import io.firstline.platform.metrics.LatencyTimers;
import io.firstline.routing.RoutingEffects.Admission;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
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
    /**
     * One router per workspace, so decisions never mix workspaces (an agent of one is never offered another's contact,
     * one's backlog never delays another's order). Read and changed on the router thread only.
     */
    private final Map<Long, Router> routers = new HashMap<>();
    /** Kafka mode: the workspaces this node routes now (changed on the router thread by {@link #reset}). */
    private final Set<Long> owned = ConcurrentHashMap.newKeySet();
    /** Which workspace each agent belongs to: filled by registration and, for agents not registered yet, from the database. */
    private final ConcurrentMap<Long, Long> agentWorkspaces = new ConcurrentHashMap<>();
    /** Bounded by the number of agents: agents never move between workspaces. */
    private final Function<Long, Mono<Long>> agentWorkspaceLookup;
    /** An agent's stored account (skills, username): for registering on the owner an agent it does not know yet. */
    private final Function<Long, Mono<AgentAccount>> accountLookup;
    /** Kafka mode: every command goes to the owner of its workspace's routing; null in embedded mode. */
    private volatile RoutingRemote remote;
    private final RoutingEffects effects;
    private final Clock clock;
    private final ThreadPoolExecutor executor;
    private final Scheduler scheduler;

    /** Told what every workspace's router does (live figures per workspace); each call names its workspace. */
    private final List<RoutingObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final MeterRegistry meters;

    /** Without a database: only registered agents can be routed (unit tests). */
    public RoutingEngine(RoutingProperties properties, RoutingEffects effects, Clock clock, MeterRegistry meters) {
        this(properties, effects, clock, meters, agentId -> Mono.empty(), agentId -> Mono.empty());
    }

    @Autowired
    RoutingEngine(RoutingProperties properties, RoutingEffects effects, Clock clock, MeterRegistry meters, Agents agents) {
        this(properties, effects, clock, meters, agents::workspaceOf, agents::byId);
    }

    private RoutingEngine(RoutingProperties properties, RoutingEffects effects, Clock clock, MeterRegistry meters,
                          Function<Long, Mono<Long>> agentWorkspaceLookup, Function<Long, Mono<AgentAccount>> accountLookup) {
        this.meters = meters;
        this.agentWorkspaceLookup = agentWorkspaceLookup;
        this.accountLookup = accountLookup;
        // Offer ids: a random per-start prefix and a counter, so no id repeats across restarts
        // and none needs SecureRandom on the router thread.
        String prefix = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
        AtomicLong counter = new AtomicLong();
        this.settings = properties.settings();
        this.offerIds = () -> prefix + "-" + counter.incrementAndGet();
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

    /** On the router thread: the workspace's router, started empty the first time a workspace is seen. */
    private Router routerOf(long workspaceId) {
        return routers.computeIfAbsent(workspaceId, id -> new Router(settings, offerIds));
    }

    /** The agent's workspace: from memory once known, else read once from the database; empty for an unknown agent. */
    public Mono<Long> workspaceOfAgent(long agentId) {
        Long known = agentWorkspaces.get(agentId);
        if (known != null) {
            return Mono.just(known);
        }
        return agentWorkspaceLookup.apply(agentId).doOnNext(workspaceId -> agentWorkspaces.put(agentId, workspaceId));
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
                        // The agent's workspace is known: an agent is registered (and remembered) before it is routed.
                        if (event instanceof RoutingEvent.AgentStateChanged changed) {
                            Long workspaceId = agentWorkspaces.get(changed.agentId());
                            if (workspaceId != null) {
                                tell(observer -> observer.stateChanged(workspaceId, changed.agentId(), changed.to(), now));
                            }
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

    /** On the owner: runs a forwarded command on this node's router of the command's workspace. */
    public Mono<RoutingAnswer> answer(RoutingCommand command) {
        long workspaceId = command.workspaceId();
        if (command instanceof RoutingCommand.ChangeState c) {
            // Registered first, as a change on this node is (PresenceController): the asking node registered the
            // agent only in its own engine, so an agent created after this node's rebuild (or whose skills changed)
            // would stay unknown here, and never be offered anything, until the next take-over.
            return accountLookup.apply(c.agentId())
                    .flatMap(account -> register(AgentProfiles.of(workspaceId, account)))
                    .then(changeStateHere(workspaceId, c.agentId(), c.state())).thenReturn(RoutingAnswer.DONE);
        } else if (command instanceof RoutingCommand.EnqueueAll c) {
            return enqueueAllHere(c.contacts()).thenReturn(RoutingAnswer.DONE);
        } else if (command instanceof RoutingCommand.Release c) {
            return releaseHere(workspaceId, c.agentId(), c.channel()).thenReturn(RoutingAnswer.DONE);
        } else if (command instanceof RoutingCommand.RestoreAssignment c) {
            return restoreAssignmentHere(workspaceId, c.agentId(), c.channel()).thenReturn(RoutingAnswer.DONE);
        } else if (command instanceof RoutingCommand.GiveBack c) {
            return giveBackHere(c.agentId(), c.contact()).thenReturn(RoutingAnswer.DONE);
        } else if (command instanceof RoutingCommand.Withdraw c) {
            return withdrawHere(workspaceId, c.contactId()).thenReturn(RoutingAnswer.DONE);
        } else if (command instanceof RoutingCommand.Accept c) {
            return acceptHere(workspaceId, c.offerId(), c.agentId()).map(outcome -> outcome instanceof AcceptOutcome.Accepted accepted
                    ? new RoutingAnswer(accepted.offer(), null, null, null)
                    : new RoutingAnswer(null, ((AcceptOutcome.Refused) outcome).reason(), null, null));
        } else if (command instanceof RoutingCommand.Reject c) {
            return rejectHere(workspaceId, c.offerId(), c.agentId()).map(outcome -> new RoutingAnswer(null, null, outcome.result(), null));
        } else if (command instanceof RoutingCommand.OffersOf c) {
            return offersOfHere(workspaceId, c.agentId()).map(offers -> new RoutingAnswer(null, null, null, offers));
        }
        return Mono.error(new IllegalArgumentException("unknown routing command " + command));
    }

    /**
     * Kafka mode: the workspace's router starts over empty, when this node takes the workspace's routing over
     * ({@code owning}: a rebuild follows) and when it gives it up (the router is dropped). Observers are told for the
     * workspace it names.
     */
    Mono<Void> reset(long workspaceId, boolean owning) {
        return execute(Admission.NO_HISTORY, now -> {
            if (owning) {
                routers.put(workspaceId, new Router(settings, offerIds));
                owned.add(workspaceId);
            } else {
                routers.remove(workspaceId);
                owned.remove(workspaceId);
            }
            tell(observer -> observer.reset(workspaceId, owning, now));
            return RoutingDecision.none();
        }, Function.identity()).then();
    }

    /** Whether this node routes the workspace: always in embedded mode; in Kafka mode while it holds its partition. */
    public boolean routesHere(long workspaceId) {
        return !forwarding() || owned.contains(workspaceId);
    }

    /** Kafka mode: the workspaces this node routes now (empty in embedded mode, where it routes every workspace). */
    public Set<Long> ownedWorkspaces() {
        return Set.copyOf(owned);
    }

    /**
     * No answer in time (no owner yet, or one failing over) is a busy router: 503 with Retry-After. So is the owner's
     * refusal, which it answers at once: the caller gets the error a refusal on this node gives (503 for HTTP, the
     * console's refusal frame, intake's back-off) without waiting out {@code routing-timeout}.
     */
    private Mono<RoutingAnswer> forward(RoutingCommand command) {
        return remote.forward(command)
                .onErrorMap(java.util.concurrent.TimeoutException.class, RoutingBusyException::new)
                .flatMap(answer -> answer.ownerRefused() == null ? Mono.just(answer) : Mono.error(
                        answer.ownerRefused() == RoutingAnswer.OwnerRefusal.BUSY
                                ? new RoutingBusyException("the routing owner refused " + command.getClass().getSimpleName())
                                : new IllegalStateException("the routing owner could not run " + command.getClass().getSimpleName())));
    }

    public Mono<Void> changeState(long agentId, AgentState state) {
        return workspaceOfAgent(agentId).flatMap(workspaceId -> forwarding()
                ? forward(new RoutingCommand.ChangeState(workspaceId, agentId, state)).then()
                : changeStateHere(workspaceId, agentId, state));
    }

    public Mono<Void> enqueue(WaitingContact contact) {
        return enqueueAll(List.of(contact));
    }

    /** Contacts of any workspaces: each waits in its workspace's router (Kafka mode: one command per workspace). */
    public Mono<Void> enqueueAll(List<WaitingContact> contacts) {
        if (contacts.isEmpty()) {
            return Mono.empty();
        }
        if (!forwarding()) {
            return enqueueAllHere(contacts);
        }
        Map<Long, List<WaitingContact>> byWorkspace = new LinkedHashMap<>();
        for (WaitingContact contact : contacts) {
            byWorkspace.computeIfAbsent(contact.workspaceId(), id -> new ArrayList<>()).add(contact);
        }
        return Flux.fromIterable(byWorkspace.entrySet())
                .flatMap(group -> forward(new RoutingCommand.EnqueueAll(group.getKey(), group.getValue())))
                .then();
    }

    public Mono<Void> release(long agentId, Channel channel) {
        return workspaceOfAgent(agentId).flatMap(workspaceId -> forwarding()
                ? forward(new RoutingCommand.Release(workspaceId, agentId, channel)).then()
                : releaseHere(workspaceId, agentId, channel));
    }

    public Mono<Void> restoreAssignment(long agentId, Channel channel) {
        return workspaceOfAgent(agentId).flatMap(workspaceId -> forwarding()
                ? forward(new RoutingCommand.RestoreAssignment(workspaceId, agentId, channel)).then()
                : restoreAssignmentHere(workspaceId, agentId, channel));
    }

    /** An accepted offer could not be recorded: the agent's slot is freed and the contact waits again. */
    public Mono<Void> giveBack(long agentId, WaitingContact contact) {
        return forwarding() ? forward(new RoutingCommand.GiveBack(contact.workspaceId(), agentId, contact)).then()
                : giveBackHere(agentId, contact);
    }

    /** The contact no longer waits (closed or taken by other means); an outstanding offer is revoked. */
    public Mono<Void> withdraw(long workspaceId, long contactId) {
        return forwarding() ? forward(new RoutingCommand.Withdraw(workspaceId, contactId)).then() : withdrawHere(workspaceId, contactId);
    }

    public Mono<AcceptOutcome> accept(String offerId, long agentId) {
        return workspaceOfAgent(agentId).flatMap(workspaceId -> forwarding()
                        ? forward(new RoutingCommand.Accept(workspaceId, offerId, agentId)).map(RoutingAnswer::acceptOutcome)
                        : acceptHere(workspaceId, offerId, agentId))
                .defaultIfEmpty(new AcceptOutcome.Refused(AcceptOutcome.Reason.UNKNOWN_OFFER));
    }

    /** Rejects an offer if it is this agent's; the outcome says why not otherwise. */
    public Mono<RejectOutcome> reject(String offerId, long agentId) {
        return workspaceOfAgent(agentId).flatMap(workspaceId -> forwarding()
                        ? forward(new RoutingCommand.Reject(workspaceId, offerId, agentId))
                                .map(answer -> new RejectOutcome(answer.rejected(), RoutingDecision.none()))
                        : rejectHere(workspaceId, offerId, agentId))
                .defaultIfEmpty(new RejectOutcome(RejectOutcome.Result.UNKNOWN_OFFER, RoutingDecision.none()));
    }

    public Mono<List<Offer>> offersOf(long agentId) {
        return workspaceOfAgent(agentId).flatMap(workspaceId -> forwarding()
                        ? forward(new RoutingCommand.OffersOf(workspaceId, agentId)).map(RoutingAnswer::offers)
                        : offersOfHere(workspaceId, agentId))
                .defaultIfEmpty(List.of());
    }

    /**
     * Makes the agent known to its workspace's router. Kafka mode: only where that workspace is routed (elsewhere
     * only the agent's workspace is remembered, for keying its commands).
     */
    Mono<Void> register(AgentProfile profile) {
        agentWorkspaces.put(profile.agentId(), profile.workspaceId());
        return run(Admission.NO_HISTORY, now -> routesHere(profile.workspaceId())
                ? routerOf(profile.workspaceId()).registerAgent(profile) : RoutingDecision.none());
    }

    Mono<Void> changeStateHere(long workspaceId, long agentId, AgentState state) {
        return run(Admission.NEW_WORK, now -> {
            RoutingDecision decision = routerOf(workspaceId).changeState(agentId, state, now);
            tell(observer -> observer.stateChanged(workspaceId, agentId, state, now));
            return decision;
        });
    }

    /**
     * Many contacts in one router command (an intake batch, any workspaces): one hop, decisions in order. Never refused because the
     * offer history is behind: the contacts are committed (and acknowledged), so they always join the queues; while
     * new work is not admitted they only wait ({@link Router#hold}) and a later tick offers them.
     */
    Mono<Void> enqueueAllHere(List<WaitingContact> contacts) {
        return run(Admission.NO_HISTORY, now -> {
            boolean offerNow = effects.admits(Admission.NEW_WORK);
            List<RoutingEvent> events = new ArrayList<>();
            for (WaitingContact contact : contacts) {
                tell(observer -> observer.waiting(contact, now));
                if (offerNow) {
                    events.addAll(routerOf(contact.workspaceId()).enqueue(contact, now).events());
                } else {
                    routerOf(contact.workspaceId()).hold(contact, now);
                }
            }
            return new RoutingDecision(events);
        });
    }

    Mono<Void> releaseHere(long workspaceId, long agentId, Channel channel) {
        return run(Admission.SETTLING, now -> {
            tell(observer -> observer.released(workspaceId, agentId, channel, now));
            return routerOf(workspaceId).release(agentId, channel, now);
        });
    }

    Mono<Void> restoreAssignmentHere(long workspaceId, long agentId, Channel channel) {
        return run(Admission.NO_HISTORY, now -> {
            routerOf(workspaceId).restoreAssignment(agentId, channel);
            tell(observer -> observer.restored(workspaceId, agentId, channel));
            return RoutingDecision.none();
        });
    }

    Mono<Void> giveBackHere(long agentId, WaitingContact contact) {
        return run(Admission.SETTLING, now -> {
            tell(observer -> observer.released(contact.workspaceId(), agentId, contact.channel(), now));
            tell(observer -> observer.waiting(contact, now));
            Router router = routerOf(contact.workspaceId());
            return router.release(agentId, contact.channel(), now).and(router.enqueue(contact, now));
        });
    }

    Mono<Void> withdrawHere(long workspaceId, long contactId) {
        return run(Admission.SETTLING, now -> {
            tell(observer -> observer.withdrawn(workspaceId, contactId, now));
            return routerOf(workspaceId).withdraw(contactId, now);
        });
    }

    /** Settles an offer already made (the agent's answer), so it runs while the history is behind too. */
    Mono<AcceptOutcome> acceptHere(long workspaceId, String offerId, long agentId) {
        return execute(Admission.SETTLING, now -> {
            AcceptOutcome outcome = routerOf(workspaceId).accept(offerId, agentId, now);
            if (outcome instanceof AcceptOutcome.Accepted accepted) {
                Duration waited = Duration.between(accepted.offer().offeredAt(), now);
                LatencyTimers.offerAccept(accepted.offer().contact().channel().wireName()).register(meters)
                        .record(waited.isNegative() ? Duration.ZERO : waited);
                tell(observer -> observer.answered(workspaceId, accepted.offer().contact().contactId(), agentId,
                        accepted.offer().contact().channel(), now));
            }
            return outcome;
        }, outcome ->
                outcome instanceof AcceptOutcome.Accepted accepted ? accepted.decision() : ((AcceptOutcome.Refused) outcome).decision());
    }

    Mono<RejectOutcome> rejectHere(long workspaceId, String offerId, long agentId) {
        return execute(Admission.NEW_WORK, now -> {
            Router router = routerOf(workspaceId);
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

    Mono<List<Offer>> offersOfHere(long workspaceId, long agentId) {
        return execute(Admission.NO_HISTORY, now -> routerOf(workspaceId).offersOf(agentId), offers -> RoutingDecision.none());
    }

    /** Clock-driven work of every workspace's router, in one command. */
    Mono<Void> tick() {
        return run(Admission.NEW_WORK, now -> {
            List<RoutingEvent> events = new ArrayList<>();
            for (Router router : routers.values()) {
                events.addAll(router.tick(now).events());
            }
            return events.isEmpty() ? RoutingDecision.none() : new RoutingDecision(events);
        });
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
