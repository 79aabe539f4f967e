package io.firstline.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
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
 * Whole-workspace live figures on every node (Kafka mode). Only the node that routes the workspace sees what routing
 * does, so it publishes its figures as {@link WallboardFigures} every {@link Wallboard#SAMPLE} when they changed, and
 * at least every {@link #HEARTBEAT} (a node that just started, or missed one, catches up). Every other node shows the
 * owner's last published figures. In embedded mode the local figures are the workspace's and nothing is published.
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
    private LiveStats.Snapshot lastPublished;
    private Instant lastPublishedAt = Instant.EPOCH;

    WallboardRelay(LiveStats stats, RoutingEngine routing, EventBus bus, Clock clock) {
        this.stats = stats;
        this.routing = routing;
        this.bus = bus;
        this.clock = clock;
    }

    /** The workspace's figures now: this node's own where it routes (or in embedded mode), else the owner's. */
    LiveStats.Snapshot current(Instant now) {
        if (routing.routesHere()) {
            return stats.snapshot(now);
        }
        LiveStats.Snapshot owner = stats.fromOwner();
        return owner == null ? stats.snapshot(now) : owner;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!routing.forwarding() || publishing != null) {
            return;
        }
        // One tick at a time on the parallel scheduler (overflow: a tick that comes while one runs is dropped).
        publishing = Flux.interval(Wallboard.SAMPLE, Schedulers.parallel())
                .onBackpressureDrop()
                .subscribe(tick -> publishIfOwner());
    }

    private void publishIfOwner() {
        if (!routing.routesHere()) {
            return;
        }
        Instant now = clock.instant();
        LiveStats.Snapshot figures = stats.snapshot(now);
        if (!figures.equals(lastPublished) || !now.isBefore(lastPublishedAt.plus(HEARTBEAT))) {
            lastPublished = figures;
            lastPublishedAt = now;
            bus.publish(new WallboardFigures(source, now, figures));
        }
    }

    @Override
    public boolean accepts(Class<? extends DomainEvent> type) {
        return type == WallboardFigures.class;
    }

    @Override
    public void on(DomainEvent event) {
        WallboardFigures published = (WallboardFigures) event;
        if (!source.equals(published.source())) {
            stats.heardFromOwner(published.figures(), published.at());
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
