package io.firstline.report;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import io.firstline.agent.Agents;
import io.firstline.platform.WorkspaceDirectory;
import io.firstline.routing.RoutingWorkspaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What the live figures need to know of each workspace, read from the database once per workspace and never on the
 * routers' path: its time zone (its "today"), its code (the gauges' {@code workspace} tag) and its agents' names,
 * roles and stored states. Every workspace at start-up; one created later when a router or a user first names it;
 * its agents again when a router names an agent created since.
 */
@Component
class LiveWorkspaces implements DisposableBean {

    /** How often workspaces first seen by a router are looked for (a user's request reads its own at once). */
    static final Duration LOOK_FOR_NEW = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(LiveWorkspaces.class);
    private static final Duration FOREVER = Duration.ofDays(3650);

    private final LiveStats stats;
    private final WorkspaceDirectory directory;
    private final RoutingWorkspaces workspaces;
    private final Agents agents;
    /** One read per workspace (bounded by the deployment's workspaces); a failed read is tried again by the next caller. */
    private final ConcurrentMap<Long, Mono<Void>> reads = new ConcurrentHashMap<>();
    private final Set<Long> read = ConcurrentHashMap.newKeySet();
    private volatile Disposable watching;

    LiveWorkspaces(LiveStats stats, WorkspaceDirectory directory, RoutingWorkspaces workspaces, Agents agents) {
        this.stats = stats;
        this.directory = directory;
        this.workspaces = workspaces;
        this.agents = agents;
    }

    /** Completes once the workspace's zone, code and agents have been read (at once after the first time). */
    Mono<Void> ready(long workspaceId) {
        if (read.contains(workspaceId)) {
            return Mono.empty();
        }
        stats.of(workspaceId);
        // A failed read leaves the figures without names or gauges for now; they are still served, and read again later.
        return reads.computeIfAbsent(workspaceId, id -> readWorkspace(id).cache(done -> FOREVER, e -> Duration.ZERO, () -> FOREVER))
                .onErrorResume(e -> {
                    log.warn("Live figures could not read workspace {}: {}", workspaceId, e.toString());
                    return Mono.empty();
                });
    }

    private Mono<Void> readWorkspace(long workspaceId) {
        return directory.zoneOf(workspaceId).doOnNext(zone -> stats.countDaysIn(workspaceId, zone))
                .thenMany(workspaces.all()).filter(workspace -> workspace.id() == workspaceId).next()
                .doOnNext(workspace -> stats.export(workspaceId, workspace.code()))
                .thenMany(agents.ofWorkspace(workspaceId)).doOnNext(account -> stats.know(workspaceId, account))
                .then(Mono.fromRunnable(() -> read.add(workspaceId)));
    }

    /** Agents created after the workspace was read (a new agent's first state change names them to the router). */
    private Mono<Void> readAgents(long workspaceId) {
        return agents.ofWorkspace(workspaceId).doOnNext(account -> stats.know(workspaceId, account)).then()
                .onErrorResume(e -> {
                    log.warn("Live figures could not read the agents of workspace {}: {}", workspaceId, e.toString());
                    return Mono.empty();
                });
    }

    /**
     * Start-up edge: every workspace now, then (every {@link #LOOK_FOR_NEW}) those a router named first, e.g. one
     * created while the node runs. One read at a time; a tick that comes while one runs is dropped.
     */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (watching != null) {
            return;
        }
        Mono<Void> everyWorkspace = directory.id().doOnNext(stats::showSlaTo)
                .thenMany(workspaces.all())
                .concatMap(workspace -> ready(workspace.id()))
                .then();
        Flux<Void> newOnes = Flux.interval(LOOK_FOR_NEW, Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(stats.workspaceIds())
                        .filter(workspaceId -> !read.contains(workspaceId))
                        .concatMap(this::ready)
                        .thenMany(Flux.fromIterable(stats.takeWorkspacesWithUnnamedAgents()))
                        .filter(read::contains)
                        .concatMap(this::readAgents));
        watching = everyWorkspace
                .doOnError(e -> log.warn("Live figures could not read the workspaces: {}", e.toString()))
                .onErrorComplete()
                .thenMany(newOnes)
                .subscribe();
    }

    @Override
    public void destroy() {
        Disposable running = watching;
        if (running != null) {
            running.dispose();
        }
    }
}
