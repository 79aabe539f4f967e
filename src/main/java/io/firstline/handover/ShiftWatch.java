package io.firstline.handover;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
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
    private final AtomicReference<Instant> lastShiftStart = new AtomicReference<>();
    private Disposable watching;

    ShiftWatch(Handovers handovers, Agents agents, EventBus events, ShiftProperties properties, Supervision supervision,
               Clock clock) {
        this.handovers = handovers;
        this.agents = agents;
        this.events = events;
        this.properties = properties;
        this.supervision = supervision;
        this.clock = clock;
    }

    private ShiftRota rota() {
        return new ShiftRota(properties.starts(), supervision.calendars().officeHours().zone());
    }

    /** Checks once: a shift that started since the last check is looked at. */
    Mono<Void> tick() {
        Instant start = rota().at(clock.instant()).start();
        Instant previous = lastShiftStart.getAndSet(start);
        return previous == null || previous.equals(start) ? Mono.empty() : check(start);
    }

    /** The checks for the shift starting at {@code start}; emits what was alerted (for tests and the log). */
    Mono<Void> check(Instant start) {
        Mono<String> nobody = handovers.onDuty().filter(count -> count == 0)
                .map(none -> "the shift starting " + start + " has nobody on duty");
        Mono<String> unsigned = handovers.at(start).filter(Handovers.Record::signed).hasElement()
                .filter(signed -> !signed)
                .map(notSigned -> "the hand-over to the shift starting " + start + " is not signed by both shifts");
        return Flux.concat(nobody, unsigned)
                .concatMap(reason -> agents.idsWithRoles(List.of("manager")).collectList()
                        .doOnNext(managers -> {
                            log.warn("Shift alert: {}", reason);
                            events.publish(new ShiftAlert(start, reason, managers));
                        }))
                .then();
    }

    @Override
    public void start() {
        lastShiftStart.set(rota().at(clock.instant()).start());
        watching = Flux.interval(properties.checkEvery(), properties.checkEvery(), Schedulers.parallel())
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
