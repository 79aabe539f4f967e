package io.firstline.report.history;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The demo's history: {@code firstline.demo.history-days} (90 in the demo profile, 0 = none) days up to yesterday of
 * {@code firstline.demo.history-per-day} contacts, generated once per database ({@link HistorySeed}), so that /reports
 * shows last week at once, and its days rolled up ({@link ReportRollup}). Done before the app reports ready (the
 * start-up thread waits for it).
 */
@Component
class DemoHistory {

    private static final Logger log = LoggerFactory.getLogger(DemoHistory.class);

    private final HistorySeed seed;
    private final ReportService reports;
    private final ReportRollup rollup;
    private final Clock clock;
    private final int days;
    private final int perDay;
    private final Duration timeout;

    DemoHistory(HistorySeed seed, ReportService reports, ReportRollup rollup, Clock clock,
                @Value("${firstline.demo.history-days:0}") int days, @Value("${firstline.demo.history-per-day:120}") int perDay,
                @Value("${firstline.demo.history-timeout:30m}") Duration timeout) {
        this.seed = seed;
        this.reports = reports;
        this.rollup = rollup;
        this.clock = clock;
        this.days = days;
        this.perDay = perDay;
        this.timeout = timeout;
    }

    /** Start-up edge, on the main thread: blocking here keeps the app not-ready until the history exists. */
    @EventListener(ApplicationReadyEvent.class)
    void generate() {
        if (days <= 0 || perDay <= 0) {
            return;
        }
        // One wait, on the main thread: the workspace's zone, then its history up to yesterday there, then the roll-ups.
        reports.zone().flatMap(zone -> {
                    LocalDate yesterday = LocalDate.now(clock.withZone(zone)).minusDays(1);
                    return reports.workspaceId()
                            .flatMap(ws -> seed.seeded(ws).flatMap(done -> done ? reactor.core.publisher.Mono.just(0L)
                                    : seed.seed(ws, yesterday, days, perDay, zone))
                                    // The history's days rolled up before the app is ready, so its reports are fast at once.
                                    .flatMap(count -> rollup.catchUp(ws, zone, yesterday.plusDays(1), days).thenReturn(count)))
                            .doOnNext(made -> {
                                if (made > 0) {
                                    log.info("Demo history: {} contacts over the {} days up to {}", made, days, yesterday);
                                }
                            });
                })
                .block(timeout);
    }
}
