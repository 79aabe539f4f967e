package io.firstline.report.history;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Scheduled reports as they were computed, one per kind and period (a second one for the same period is refused). */
@Repository
class ReportArchive {

    record Archived(long id, String kind, LocalDate from, LocalDate to, Instant createdAt) {
    }

    private final DatabaseClient db;

    ReportArchive(DatabaseClient db) {
        this.db = db;
    }

    /** Stores it unless the period has one already; emits the new entry, or nothing. */
    Mono<Archived> store(long workspaceId, ReportPeriod period, String body, Instant at) {
        return db.sql("""
                        INSERT INTO report_archive (workspace_id, kind, period_from, period_to, body, created_at)
                        VALUES (:ws, :kind, :from, :to, :body, :at)
                        ON CONFLICT (workspace_id, kind, period_from) DO NOTHING RETURNING id""")
                .bind("ws", workspaceId).bind("kind", period.kind().wireName()).bind("from", period.from())
                .bind("to", period.to()).bind("body", body).bind("at", at)
                .map(row -> new Archived(row.get("id", Long.class), period.kind().wireName(), period.from(), period.to(), at))
                .one();
    }

    Mono<Boolean> has(long workspaceId, ReportPeriod period) {
        return db.sql("SELECT count(*) FROM report_archive WHERE workspace_id = :ws AND kind = :kind AND period_from = :from")
                .bind("ws", workspaceId).bind("kind", period.kind().wireName()).bind("from", period.from())
                .map(row -> row.get(0, Long.class) > 0).one();
    }

    Flux<Archived> list(long workspaceId, int limit) {
        return db.sql("""
                        SELECT id, kind, period_from, period_to, created_at FROM report_archive WHERE workspace_id = :ws
                        ORDER BY period_from DESC, kind LIMIT :limit""")
                .bind("ws", workspaceId).bind("limit", limit)
                .map(row -> new Archived(row.get("id", Long.class), row.get("kind", String.class),
                        row.get("period_from", LocalDate.class), row.get("period_to", LocalDate.class),
                        row.get("created_at", Instant.class)))
                .all();
    }

    Mono<String> body(long workspaceId, long id) {
        return db.sql("SELECT body FROM report_archive WHERE workspace_id = :ws AND id = :id")
                .bind("ws", workspaceId).bind("id", id).map(row -> row.get("body", String.class)).one();
    }

    /** Who is told a report is ready: the workspace's supervisors and managers. */
    Mono<List<Long>> recipients(long workspaceId) {
        return db.sql("SELECT id FROM agent WHERE workspace_id = :ws AND role IN ('supervisor', 'manager') ORDER BY id")
                .bind("ws", workspaceId).map(row -> row.get("id", Long.class)).all().collectList();
    }
}
