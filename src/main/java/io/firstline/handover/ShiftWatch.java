package io.firstline.handover;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.time.Duration;
import io.firstline.agent.Agents;
import io.firstline.kernel.EventBus;
import io.firstline.supervision.Supervision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * At the start of each shift: the managers are told when nobody is on duty, and when the hand-over to this shift is
 * not signed by both (DOMAIN §7: the centre runs 24 hours; nothing open may be lost between shifts).
 */
@Component
class ShiftWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ShiftWatch.class);

    private final Handovers handovers;
    private final Agents agents;
    private final EventBus events;
    private final ShiftProperties properties;
    private final Supervision supervision;
    private final Clock clock;
    private final io.firstline.platform.WorkspaceDirectory workspaces;
    /** The start of the shift each workspace was last seen in: one entry per workspace of the deployment (a handful). */
    private final Map<Long, Instant> lastShiftStart = new ConcurrentHashMap<>();
    private Disposable watching;

    ShiftWatch(Handovers handovers, Agents agents, EventBus events, ShiftProperties properties, Supervision supervision,
               io.firstline.platform.WorkspaceDirectory workspaces, Clock clock) {
        this.handovers = handovers;
        this.agents = agents;
        this.events = events;
        this.properties = properties;
        this.supervision = supervision;
        this.workspaces = workspaces;
        this.clock = clock;
    }

    /** The workspace's shifts, in its own time zone: each workspace's shifts change at its own local hours. */
    private Mono<ShiftRota> rota(long workspaceId) {
        return supervision.calendarsOf(workspaceId)
                .map(calendars -> new ShiftRota(properties.starts(), calendars.officeHours().zone()));
    }

    /**
     * Checks once, every workspace in turn: a shift that started since the last check is looked at. The first check
     * of a workspace only notes the shift it is in.
     */
    Mono<Void> tick() {
        Instant now = clock.instant();
        return workspaces.all().concatMap(workspaceId -> rota(workspaceId).flatMap(rota -> {
            Instant start = rota.at(now).start();
            Instant previous = lastShiftStart.put(workspaceId, start);
            return previous == null || previous.equals(start) ? Mono.<Void>empty() : check(workspaceId, start);
        })).then();
    }

    /**
     * The checks for the workspace's shift starting at {@code start}: its own agents on duty, its own hand-over; its own
     * managers are told.
     */
    Mono<Void> check(long workspaceId, Instant start) {
        Mono<String> nobody = handovers.onDuty(workspaceId).filter(count -> count == 0)
                .map(none -> "the shift starting " + start + " has nobody on duty");
        Mono<String> unsigned = handovers.at(workspaceId, start).filter(Handovers.Record::signed).hasElement()
                .filter(signed -> !signed)
                .map(notSigned -> "the hand-over to the shift starting " + start + " is not signed by both shifts");
        return Flux.concat(nobody, unsigned)
                .concatMap(reason -> agents.idsWithRoles(workspaceId, List.of("manager")).collectList()
                        .doOnNext(managers -> {
                            log.warn("Shift alert (workspace {}): {}", workspaceId, reason);
                            events.publish(new ShiftAlert(start, reason, managers));
                        }))
                .then();
    }

    @Override
    public void start() {
        // The first tick at once notes each workspace's current shift (without blocking the starting thread).
        watching = Flux.interval(Duration.ZERO, properties.checkEvery(), Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(t -> tick().onErrorResume(e -> {
                    log.warn("Shift check failed: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    @Override
    public void stop() {
        if (watching != null) {
            watching.dispose();
            watching = null;
        }
    }

    @Override
    public boolean isRunning() {
        return watching != null;
    }
}
