package io.firstline.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.firstline.agent.Agents;
import io.firstline.contact.Contacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Starts routing before the web server takes traffic: rebuilds the router from
 * PostgreSQL (agents, their current load, contacts still waiting), then drives
 * offer expiry with a periodic tick.
 */
@Component
class RoutingLifecycle implements SmartLifecycle, DisposableBean, RoutingOwnership {

    private static final Logger log = LoggerFactory.getLogger(RoutingLifecycle.class);
    private static final Duration REBUILD_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration HISTORY_DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final RoutingEngine engine;
    private final RoutingEffects effects;
    private final Agents agents;
    private final Contacts contacts;
    private final RoutingWorkspaces workspaces;
    private final RoutingProperties properties;
    private final Clock clock;
    private Disposable historyWriter;
    private Disposable ticker;
    private volatile boolean running;
    private volatile boolean rebuilt;

    RoutingLifecycle(RoutingEngine engine, RoutingEffects effects, Agents agents, Contacts contacts,
                     RoutingWorkspaces workspaces,
                     RoutingProperties properties, Clock clock) {
        this.workspaces = workspaces;
        this.engine = engine;
        this.effects = effects;
        this.agents = agents;
        this.contacts = contacts;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void start() {
        if (historyWriter == null) {
            historyWriter = effects.startHistoryWriter();
            // Kafka mode: the router is rebuilt when this node is given the workspace's routing (assume()), not here.
            if (!engine.forwarding()) {
                // Start-up only, on the main thread: the app must not take traffic before routing knows its state.
                // Embedded mode: this one node routes every workspace, each in a router of its own.
                agents.markAllOffline(clock.instant())
                        .thenMany(workspaces.all())
                        .concatMap(workspace -> rebuild(workspace.id(), false))
                        .then()
                        .block(REBUILD_TIMEOUT);
            }
            // Ready once the start-up rebuild is done; in Kafka mode a node owning no workspace yet still serves its
            // sockets and forwards routing commands to the owner.
            rebuilt = true;
        }
        // A restart after stop() (a paused context) only resumes the clock: the router kept its state.
        ticker = Flux.interval(properties.tick(), properties.tick(), Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> engine.tick().onErrorResume(e -> {
                    // Refused while the offer history catches up (the gauge shows it): a later tick does what is due.
                    if (e instanceof RoutingBusyException) {
                        log.debug("Routing tick refused: {}", e.getCause() == null ? e : e.getCause().getMessage());
                    } else {
                        log.warn("Routing tick failed: {}", e.toString());
                    }
                    return Mono.empty();
                }))
                .subscribe();
        running = true;
    }

    @Override
    public Mono<Void> assume(long workspaceId) {
        return engine.reset(workspaceId, true).then(rebuild(workspaceId, true));
    }

    @Override
    public Mono<Void> relinquish(long workspaceId) {
        return engine.reset(workspaceId, false);
    }

    /**
     * One workspace's router from its own rows only: its agents, their loads, its waiting contacts.
     * {@code withStates}: agents keep the state stored for them (a take-over), else they start offline.
     */
    private Mono<Void> rebuild(long workspaceId, boolean withStates) {
        return agents.ofWorkspace(workspaceId)
                .concatMap(agent -> engine.register(AgentProfiles.of(workspaceId, agent))
                        .then(withStates && agent.state() != io.firstline.agent.AgentState.OFFLINE
                                ? whenAdmitted(engine.changeStateHere(workspaceId, agent.id(), agent.state())) : Mono.empty()))
                .thenMany(contacts.assignments(workspaceId))
                .concatMap(assignment -> engine.restoreAssignmentHere(workspaceId, assignment.agentId(), assignment.channel()))
                // All deadlines of the waiting contacts in one query (not one per contact), then the contacts in order.
                .then(contacts.waitingDeadlines(workspaceId))
                .flatMapMany(deadlines -> contacts.waiting(workspaceId).concatMap(row -> whenAdmitted(engine.enqueueAllHere(List.of(new WaitingContact(
                        workspaceId, row.contactId(), row.channel(), row.skill(), row.priority(), row.waitingSince(),
                        row.preferredAgentId(), row.customerName(), row.lastText() == null ? "" : row.lastText(),
                        deadlines.getOrDefault(row.contactId(), Map.of()), row.queueCapacity()))))))
                .then(Mono.fromRunnable(() -> log.info("Routing of workspace {} rebuilt from the database", workspaceId)));
    }

    /**
     * A take-over with many available agents makes offers faster than their history is written: a command refused
     * for that changed nothing, so it is run again once the writer caught up (within the rebuild's own timeout).
     */
    private static Mono<Void> whenAdmitted(Mono<Void> command) {
        return command.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(20)).maxBackoff(Duration.ofSeconds(1))
                .filter(RoutingBusyException.class::isInstance));
    }

    /** Whether the router holds the database's state (readiness). */
    boolean rebuilt() {
        return rebuilt;
    }

    @Override
    public void stop() {
        running = false;
        if (ticker != null) {
            ticker.dispose();
        }
    }

    @Override
    public void destroy() {
        stop();
        engine.shutdown();
        if (historyWriter != null) {
            // Shutdown only, on the closing thread: the history still in memory is written before the pool closes.
            int waiting = effects.queuedLines();
            if (waiting > 0) {
                log.info("Writing the last {} routing history lines before stopping", waiting);
                effects.drained().timeout(HISTORY_DRAIN_TIMEOUT).onErrorResume(e -> {
                    log.error("Stopped with {} routing history lines not written", effects.queuedLines());
                    return Mono.empty();
                }).block();
            }
            historyWriter.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return 0;
    }
}
