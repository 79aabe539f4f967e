package io.firstline.report;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import io.firstline.agent.Agents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The wallboard's stream: the live figures sampled every 250 ms and passed on only when they changed,
 * shared by every open wallboard (one sampler, however many screens). Frames are {@code stats}. In Kafka mode the
 * figures are the routing owner's wherever the screen is connected ({@link WallboardRelay}).
 */
@Component
public class Wallboard {

    static final Duration SAMPLE = Duration.ofMillis(250);
    private static final Logger log = LoggerFactory.getLogger(Wallboard.class);

    private final LiveStats stats;
    private final WallboardRelay figures;
    private final Clock clock;
    private final Agents agents;
    private final io.firstline.platform.WorkspaceDirectory workspace;
    private final AtomicLong seq = new AtomicLong();
    private final Flux<LiveFrame> frames;
    private final Sinks.Many<Boolean> drops = Sinks.many().multicast().directBestEffort();

    Wallboard(LiveStats stats, WallboardRelay figures, Clock clock, Agents agents,
              io.firstline.platform.WorkspaceDirectory workspace) {
        this.workspace = workspace;
        this.stats = stats;
        this.figures = figures;
        this.clock = clock;
        this.agents = agents;
        this.frames = Flux.interval(SAMPLE)
                .onBackpressureDrop()
                .map(tick -> figures.current(clock.instant()))
                .distinctUntilChanged()
                .map(snapshot -> new LiveFrame("stats", seq.incrementAndGet(), clock.instant(), snapshot))
                .replay(1)
                .refCount();
    }

    /**
     * What one screen receives: hello, the latest figures, then each change; a slow screen skips to the
     * newest (latest wins). Ends with an error when {@link #dropScreens()} is called.
     */
    public Flux<LiveFrame> screen() {
        return Mono.fromSupplier(this::hello).concatWith(frames.onBackpressureLatest())
                .mergeWith(drops.asFlux().flatMap(drop -> Flux.<LiveFrame>error(new IllegalStateException("wallboard socket dropped by the server"))));
    }

    /**
     * What an agent's console receives: hello, then the queue figures (waiting, longest wait, service level;
     * customers masked, no agents, no SLA figures) each time they change — the same shared sampler, latest wins.
     */
    public Flux<LiveFrame> queues() {
        return Mono.fromSupplier(this::hello).concatWith(frames
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

    public LiveStats.Snapshot now() {
        return figures.current(clock.instant());
    }

    /**
     * Start-up edge: the workspace's time zone, and names and stored states of its agents, once (the node's own
     * workspace, whose routing the live figures observe).
     */
    @EventListener(ApplicationReadyEvent.class)
    void loadAgents() {
        workspace.zone().doOnNext(stats::countDaysIn)
                .then(workspace.id()).flatMapMany(agents::ofWorkspace).doOnNext(stats::know)
                .doOnError(e -> log.warn("Wallboard could not read the agent list: {}", e.toString()))
                .onErrorComplete()
                .subscribe();
    }
}
