package io.firstline.supervision;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * SLA gauges for Prometheus: open contacts at risk (warned, not breached) and breached,
 * follow-ups due and done today, and today's average satisfaction. Refreshed by one
 * indexed query every 30 s, not per scrape. Warnings and breaches by type are counters
 * kept by {@link SlaNotifier}.
 */
@Component
class SlaMetrics implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SlaMetrics.class);
    private static final Duration REFRESH = Duration.ofSeconds(30);

    private final SupervisionFigures figures;
    private final Clock clock;
    private final CalendarBook calendars;
    private final AtomicLong atRisk = new AtomicLong();
    private final AtomicLong breached = new AtomicLong();
    private final AtomicLong followUpsDue = new AtomicLong();
    private final AtomicLong followUpsDoneToday = new AtomicLong();
    private final AtomicReference<Double> satisfactionToday = new AtomicReference<>(Double.NaN);
    private Disposable refreshing;

    SlaMetrics(SupervisionFigures figures, Clock clock, CalendarBook calendars, MeterRegistry meters, SlaTicker ticker) {
        this.figures = figures;
        this.clock = clock;
        this.calendars = calendars;
        Gauge.builder("firstline.sla.timers", ticker, SlaTicker::pending)
                .description("Pending SLA timers (warnings, breaches, escalations) in the timer queue")
                .register(meters);
        Gauge.builder("firstline.sla.contacts.at_risk", atRisk, AtomicLong::get)
                .description("Open contacts past a warning but not breached").register(meters);
        Gauge.builder("firstline.sla.contacts.breached", breached, AtomicLong::get)
                .description("Open contacts with a breached deadline").register(meters);
        Gauge.builder("firstline.followups.due", followUpsDue, AtomicLong::get)
                .description("Follow-ups not done yet").register(meters);
        Gauge.builder("firstline.followups.done_today", followUpsDoneToday, AtomicLong::get)
                .description("Follow-ups done today (workspace time zone)").register(meters);
        Gauge.builder("firstline.followups.satisfaction_today", satisfactionToday, AtomicReference::get)
                .description("Average satisfaction (1-5) recorded today").register(meters);
    }

    Mono<Void> refresh() {
        ZoneId zone = calendars.zone();
        var today = LocalDate.now(clock.withZone(zone)).atStartOfDay(zone).toInstant();
        return figures.since(today)
                .doOnNext(now -> {
                    atRisk.set(now.atRisk());
                    breached.set(now.breached());
                    followUpsDue.set(now.followUpsDue());
                    followUpsDoneToday.set(now.followUpsDone());
                    satisfactionToday.set(now.satisfaction() == null ? Double.NaN : now.satisfaction());
                })
                .then();
    }

    @Override
    public void start() {
        refreshing = Flux.interval(Duration.ZERO, REFRESH, Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> refresh().onErrorResume(e -> {
                    log.warn("SLA metrics refresh failed: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    @Override
    public void stop() {
        if (refreshing != null) {
            refreshing.dispose();
            refreshing = null;
        }
    }

    @Override
    public boolean isRunning() {
        return refreshing != null;
    }
}
