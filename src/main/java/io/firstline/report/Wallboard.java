package io.firstline.report;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The wallboards' streams, one per workspace: that workspace's live figures sampled every 250 ms and passed on only
 * when they changed, shared by every open wallboard of the workspace (one sampler per workspace, however many
 * screens). Frames are {@code stats}. In Kafka mode the figures are the workspace's routing owner's wherever the
 * screen is connected ({@link WallboardRelay}).
 */
@Component
public class Wallboard {

    static final Duration SAMPLE = Duration.ofMillis(250);

    private final WallboardRelay figures;
    private final LiveWorkspaces workspaces;
    private final Clock clock;
    private final AtomicLong seq = new AtomicLong();
    /** One shared sampler per workspace (bounded by the deployment's workspaces); it stops with its last screen. */
    private final ConcurrentMap<Long, Flux<LiveFrame>> frames = new ConcurrentHashMap<>();
    private final Sinks.Many<Boolean> drops = Sinks.many().multicast().directBestEffort();

    Wallboard(WallboardRelay figures, LiveWorkspaces workspaces, Clock clock) {
        this.figures = figures;
        this.workspaces = workspaces;
        this.clock = clock;
    }

    private Flux<LiveFrame> framesOf(long workspaceId) {
        return frames.computeIfAbsent(workspaceId, id -> Flux.interval(SAMPLE)
                .onBackpressureDrop()
                .map(tick -> figures.current(id, clock.instant()))
                .distinctUntilChanged()
                .map(snapshot -> new LiveFrame("stats", seq.incrementAndGet(), clock.instant(), snapshot))
                .replay(1)
                .refCount());
    }

    /**
     * What one screen of the workspace receives: hello, the latest figures, then each change; a slow screen skips to
     * the newest (latest wins). Ends with an error when {@link #dropScreens()} is called.
     */
    public Flux<LiveFrame> screen(long workspaceId) {
        return workspaces.ready(workspaceId).then(Mono.fromSupplier(this::hello))
                .concatWith(Flux.defer(() -> framesOf(workspaceId)).onBackpressureLatest())
                .mergeWith(drops.asFlux().flatMap(drop -> Flux.<LiveFrame>error(new IllegalStateException("wallboard socket dropped by the server"))));
    }

    /**
     * What an agent's console receives: hello, then the workspace's queue figures (waiting, longest wait, service
     * level; customers masked, no agents, no SLA figures) each time they change — the same shared sampler, latest wins.
     */
    public Flux<LiveFrame> queues(long workspaceId) {
        return workspaces.ready(workspaceId).then(Mono.fromSupplier(this::hello))
                .concatWith(Flux.defer(() -> framesOf(workspaceId))
                        .map(frame -> ((LiveStats.Snapshot) frame.data()).queues())
                        .distinctUntilChanged()
                        .map(queues -> new LiveFrame("queues", seq.get(), clock.instant(), queues))
                        .onBackpressureLatest())
                .mergeWith(drops.asFlux().flatMap(drop -> Flux.<LiveFrame>error(new IllegalStateException("queue socket dropped by the server"))));
    }

    /** Closes every open wallboard socket, as a dropped connection would; the pages reconnect. */
    public void dropScreens() {
        drops.tryEmitNext(Boolean.TRUE);
    }

    public LiveFrame hello() {
        return new LiveFrame("hello", seq.get(), clock.instant(), Map.of("serverTime", clock.instant(),
                "serviceLevelThresholdSeconds", LiveStats.SERVICE_LEVEL_THRESHOLD.toSeconds()));
    }

    /** The workspace's figures now. */
    public Mono<LiveStats.Snapshot> now(long workspaceId) {
        return workspaces.ready(workspaceId).then(Mono.fromSupplier(() -> figures.current(workspaceId, clock.instant())));
    }
}
