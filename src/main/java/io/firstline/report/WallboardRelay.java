package io.firstline.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import io.firstline.kernel.DomainEvent;
import io.firstline.kernel.DomainEventListener;
import io.firstline.kernel.EventBus;
import io.firstline.routing.RoutingEngine;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Whole-workspace live figures on every node (Kafka mode). Only the node that routes a workspace sees what its router
 * does, so for each workspace it routes it publishes the figures as {@link WallboardFigures} (naming the workspace)
 * every {@link Wallboard#SAMPLE} when they changed, and at least every {@link #HEARTBEAT} (a node that just started,
 * or missed one, catches up). Every other node shows that owner's last published figures of the workspace. In
 * embedded mode the local figures are every workspace's and nothing is published.
 */
@Component
class WallboardRelay implements DomainEventListener, DisposableBean {

    static final Duration HEARTBEAT = Duration.ofSeconds(2);

    private final LiveStats stats;
    private final RoutingEngine routing;
    private final EventBus bus;
    private final Clock clock;
    private final String source = UUID.randomUUID().toString();
    private volatile Disposable publishing;
    /** Per workspace routed here: what was last published and when (bounded by the deployment's workspaces). */
    private final Map<Long, Published> lastPublished = new ConcurrentHashMap<>();

    WallboardRelay(LiveStats stats, RoutingEngine routing, EventBus bus, Clock clock) {
        this.stats = stats;
        this.routing = routing;
        this.bus = bus;
        this.clock = clock;
    }

    /** The workspace's figures now: this node's own where it routes it (or in embedded mode), else its owner's. */
    LiveStats.Snapshot current(long workspaceId, Instant now) {
        if (routing.routesHere(workspaceId)) {
            return stats.snapshot(workspaceId, now);
        }
        LiveStats.Snapshot owner = stats.fromOwner(workspaceId);
        return owner == null ? stats.snapshot(workspaceId, now) : owner;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!routing.forwarding() || publishing != null) {
            return;
        }
        // One tick at a time on the parallel scheduler (overflow: a tick that comes while one runs is dropped).
        publishing = Flux.interval(Wallboard.SAMPLE, Schedulers.parallel())
                .onBackpressureDrop()
                .subscribe(tick -> publishOwned());
    }

    private void publishOwned() {
        Instant now = clock.instant();
        for (long workspaceId : routing.ownedWorkspaces()) {
            LiveStats.Snapshot figures = stats.snapshot(workspaceId, now);
            Published last = lastPublished.get(workspaceId);
            if (last == null || !figures.equals(last.figures()) || !now.isBefore(last.at().plus(HEARTBEAT))) {
                lastPublished.put(workspaceId, new Published(figures, now));
                bus.publish(new WallboardFigures(source, workspaceId, now, figures));
            }
        }
    }

    private record Published(LiveStats.Snapshot figures, Instant at) {
    }

    @Override
    public boolean accepts(Class<? extends DomainEvent> type) {
        return type == WallboardFigures.class;
    }

    @Override
    public void on(DomainEvent event) {
        WallboardFigures published = (WallboardFigures) event;
        if (!source.equals(published.source())) {
            stats.heardFromOwner(published.workspaceId(), published.figures(), published.at());
        }
    }

    @Override
    public void destroy() {
        Disposable running = publishing;
        if (running != null) {
            running.dispose();
        }
    }
}
