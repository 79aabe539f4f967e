package io.firstline.report.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.firstline.platform.WorkspaceDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The daily roll-ups the reports add up (V61): per local day, the {@link ReportQueries#cubeSql cube} of its contacts
 * in {@code report_rollup} and {@code report_rollup_deadline}, marked ready in {@code report_day}. A write to a day's
 * contacts (or their deadlines, follow-ups, calls, accepts and transfers) takes the day out (a trigger), so the report
 * computes it from the contacts until the next build; today is never rolled up. Every
 * {@code firstline.reports.rollup-tick} the days of the last {@code rollup-days} that are not ready are built, one at a
 * time (a tick that comes while the previous one works is dropped).
 */
@Component
public class ReportRollup {

    private static final Logger log = LoggerFactory.getLogger(ReportRollup.class);
    /** How long a build waits for the writes that began before it to end (else the days stay live until the next tick). */
    private static final Duration WRITES_IN_FLIGHT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final ReportProperties properties;
    private final Clock clock;
    private final ReportQueries queries;
    private final WorkspaceDirectory workspace;
    private Disposable ticking;

    ReportRollup(DatabaseClient db, TransactionalOperator transaction, ReportProperties properties, Clock clock,
                 ReportQueries queries, WorkspaceDirectory workspace) {
        this.workspace = workspace;
        this.db = db;
        this.transaction = transaction;
        this.properties = properties;
        this.clock = clock;
        this.queries = queries;
    }

    /** The threshold as the in_time counts compare it (whole seconds). */
    static double thresholdSeconds(Duration threshold) {
        return threshold.toSeconds();
    }

    /** The period's days whose roll-up is ready, made with this threshold, in order. */
    Mono<List<LocalDate>> readyDays(long workspaceId, ReportPeriod period, double threshold) {
        return db.sql("SELECT day FROM report_day WHERE workspace_id = :ws AND zone = :zone AND day >= :from AND day < :to"
                        + " AND ready AND threshold_secs = :threshold ORDER BY day")
                .bind("ws", workspaceId).bind("zone", period.zone().getId()).bind("from", period.from())
                .bind("to", period.to()).bind("threshold", threshold)
                .map(row -> row.get("day", LocalDate.class)).all().collectList();
    }

    /**
     * Builds every day of the {@code days} before {@code today} that is not ready (newest first); emits how many it
     * made ready.
     */
    public Mono<Long> catchUp(long workspaceId, ZoneId zone, LocalDate today, int days) {
        double threshold = thresholdSeconds(properties.serviceLevelThreshold());
        ReportPeriod window = new ReportPeriod(ReportKind.RANGE, today.minusDays(days), today, zone);
        return readyDays(workspaceId, window, threshold)
                .map(ready -> {
                    List<LocalDate> missing = new ArrayList<>();
                    for (int back = 1; back <= days; back++) {
                        if (!ready.contains(today.minusDays(back))) {
                            missing.add(today.minusDays(back));
                        }
                    }
                    return missing;
                })
                .flatMapMany(missing -> build(workspaceId, zone, missing, threshold))
                .filter(Boolean::booleanValue).count();
    }

    /**
     * Builds these days; emits for each whether it is ready. First the days are registered (not ready, clean), so
     * that from then on every write to their contacts marks its day dirty; then, once every transaction that may have
     * written without seeing the registration has ended, each day's rows are made in one transaction, ready unless a
     * write came meanwhile.
     */
    Flux<Boolean> build(long workspaceId, ZoneId zone, List<LocalDate> days, double threshold) {
        if (days.isEmpty()) {
            return Flux.empty();
        }
        Mono<Void> register = Flux.fromIterable(days).concatMap(day -> statement(
                        "INSERT INTO report_day (workspace_id, zone, day, start_at, end_at, threshold_secs)"
                        + " VALUES (:ws, :zone, :day, :from, :to, :threshold) ON CONFLICT (workspace_id, zone, day) DO UPDATE"
                        + " SET ready = false, dirty = false, start_at = :from, end_at = :to, threshold_secs = :threshold",
                        workspaceId, zone, day, threshold).then()).then();
        Mono<Long> marker = db.sql("SELECT pg_current_xact_id()::text::bigint AS x").map(row -> row.get("x", Long.class)).one();
        return transaction.transactional(register)
                .then(marker)
                .flatMap(this::writesBeforeEnded)
                .thenMany(Flux.fromIterable(days).concatMap(day -> rows(workspaceId, zone, day, threshold)))
                .onErrorResume(WritesStillRunning.class, e -> Flux.empty());
    }

    /** The day's roll-up rows in place of the old ones; emits whether the day is ready (no write since it was registered). */
    private Mono<Boolean> rows(long workspaceId, ZoneId zone, LocalDate day, double threshold) {
        String where = "c.workspace_id = :ws AND c.opened_at >= :from AND c.opened_at < :to";
        return queries.withoutJit(
                statement("DELETE FROM report_rollup WHERE workspace_id = :ws AND zone = :zone AND day = :day",
                        workspaceId, zone, day, threshold).then()
                        .then(statement("DELETE FROM report_rollup_deadline WHERE workspace_id = :ws AND zone = :zone AND day = :day",
                                workspaceId, zone, day, threshold).then())
                        .then(statement("INSERT INTO report_rollup (workspace_id, zone, " + ReportQueries.CUBE_COLUMNS
                                + ") SELECT :ws, :zone, " + ReportQueries.CUBE_COLUMNS + " FROM (" + ReportQueries.cubeSql(where)
                                + ") x", workspaceId, zone, day, threshold).then())
                        .then(statement("INSERT INTO report_rollup_deadline (workspace_id, zone, " + ReportQueries.DEADLINE_COLUMNS
                                + ") SELECT :ws, :zone, " + ReportQueries.DEADLINE_COLUMNS + " FROM ("
                                + ReportQueries.deadlineCubeSql(where) + ") x", workspaceId, zone, day, threshold).then())
                        .then(statement("UPDATE report_day SET ready = NOT dirty, built_at = now() WHERE workspace_id = :ws"
                                + " AND zone = :zone AND day = :day RETURNING ready", workspaceId, zone, day, threshold)
                                .map(row -> row.get("ready", Boolean.class)).one()));
    }

    /** The statement with those of the day's binds it names. */
    private DatabaseClient.GenericExecuteSpec statement(String sql, long workspaceId, ZoneId zone, LocalDate day,
                                                        double threshold) {
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        Map<String, Object> binds = Map.of("ws", workspaceId, "zone", zone.getId(), "day", day, "from", from, "to", to,
                "threshold", threshold);
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql);
        for (Map.Entry<String, Object> bind : binds.entrySet()) {
            if (sql.contains(":" + bind.getKey())) {
                spec = spec.bind(bind.getKey(), bind.getValue());
            }
        }
        return spec;
    }

    /**
     * Completes when no transaction older than {@code xid} runs any more (the oldest running one is younger): a write
     * whose trigger ran before the registration was visible has then committed, and the build's snapshot sees it.
     */
    private Mono<Void> writesBeforeEnded(long xid) {
        return Flux.interval(Duration.ZERO, POLL)
                .onBackpressureDrop()
                .concatMap(tick -> db.sql("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin")
                        .map(row -> row.get("xmin", Long.class)).one(), 1)
                .filter(xmin -> xmin > xid)
                .next()
                .timeout(WRITES_IN_FLIGHT, Mono.error(new WritesStillRunning()))
                .then();
    }

    private static final class WritesStillRunning extends RuntimeException {
        WritesStillRunning() {
            super("writes older than the build still running", null, false, false);
        }
    }

    /** Start-up edge: the roll-up's ticker (off with firstline.reports.rollup-enabled=false). */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!properties.rollupEnabled()) {
            return;
        }
        ticking = Flux.interval(Duration.ZERO, properties.rollupTick())
                .onBackpressureDrop()
                // Every workspace in turn, each in its own time zone.
                .concatMap(tick -> workspace.all()
                        .concatMap(ws -> workspace.zoneOf(ws).flatMap(zone -> catchUp(ws, zone, LocalDate.now(clock.withZone(zone)),
                                properties.rollupDays())))
                        .reduce(0L, Long::sum)
                        .doOnNext(made -> {
                            if (made > 0) {
                                log.info("Report roll-up: {} days built", made);
                            }
                        })
                        .onErrorResume(e -> {
                            log.warn("Report roll-up failed, trying again at the next tick: {}", e.toString());
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
