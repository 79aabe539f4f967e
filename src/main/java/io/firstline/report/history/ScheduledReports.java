package io.firstline.report.history;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import io.firstline.kernel.EventBus;
import io.firstline.report.ReportReady;
import io.firstline.sla.CalendarKind;
import io.firstline.supervision.Supervision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes the scheduled reports ({@link ReportSchedule}) when due: looks every {@code firstline.reports.schedule-tick}
 * (by the injected clock), computes what is missing, archives it and publishes {@link ReportReady} for the console
 * to push as {@code report.ready}. A tick that comes while the previous one still works is dropped (the next catches up).
 */
@Component
public class ScheduledReports {

    private static final Logger log = LoggerFactory.getLogger(ScheduledReports.class);

    private final ReportService reports;
    private final ReportArchive archive;
    private final EventBus events;
    private final JsonMapper json;
    private final Clock clock;
    private final ReportProperties properties;
    private final ReportSchedule schedule;
    private Disposable ticking;

    ScheduledReports(ReportService reports, ReportArchive archive, EventBus events, JsonMapper json, Clock clock,
                     ReportProperties properties, Supervision supervision) {
        this.reports = reports;
        this.archive = archive;
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
        this.schedule = new ReportSchedule(properties.dailyAt(),
                // Looked up per day: holiday years loaded while the app runs count at once.
                date -> supervision.calendars().get(CalendarKind.OFFICE_HOURS).isWorkingDay(date));
    }

    /**
     * Makes and archives every report due at {@code now} that is not archived yet, for every workspace in turn (each in
     * its own time zone); emits what it made.
     */
    public Mono<List<ReportArchive.Archived>> runDue(Instant now) {
        return reports.workspaces().concatMap(ws -> reports.zone(ws).flatMapMany(zone -> Flux.fromIterable(
                                schedule.due(now.atZone(zone).toLocalDateTime(), zone))
                        .concatMap(period -> archive.has(ws, period).filter(has -> !has)
                                .flatMap(missing -> reports.report(ws, period, ReportFilters.NONE))
                                .flatMap(report -> archive.store(ws, period, json.writeValueAsString(report), now))
                                .flatMap(stored -> archive.recipients(ws).doOnNext(recipients -> events.publish(
                                        new ReportReady(stored.id(), stored.kind(), stored.from(), stored.to(), now, recipients)))
                                        .thenReturn(stored)))))
                .collectList();
    }

    /** Start-up edge: the schedule's ticker (off with firstline.reports.schedule-enabled=false). */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!properties.scheduleEnabled()) {
            return;
        }
        ticking = Flux.interval(properties.scheduleTick(), properties.scheduleTick())
                .onBackpressureDrop()
                .concatMap(tick -> runDue(clock.instant())
                        .doOnNext(made -> made.forEach(stored -> log.info("Scheduled {} report for {} archived as #{}",
                                stored.kind(), stored.from(), stored.id())))
                        .onErrorResume(e -> {
                            log.warn("Scheduled reports failed, trying again at the next tick: {}", e.toString());
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        if (ticking != null) {
            ticking.dispose();
        }
    }
}
