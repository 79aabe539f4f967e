package io.firstline.report.history;

import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every export by a person, written before the first byte goes out, like a read of a customer archive (DOMAIN §7):
 * who, what, which period and filters, in which format, masked or not. Append-only (a trigger refuses changes).
 */
@Repository
class ExportAudit {

    record Export(long id, String agent, String what, String format, Instant from, Instant to, String filters,
                  boolean masked, Instant at) {
    }

    private final DatabaseClient db;

    ExportAudit(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> record(long workspaceId, long agentId, String what, String format, ReportPeriod period, String filters,
                      boolean masked, Instant at) {
        return db.sql("""
                        INSERT INTO report_export (workspace_id, agent_id, what, format, period_from, period_to, filters,
                                                   masked, exported_at)
                        VALUES (:ws, :agent, :what, :format, :from, :to, :filters, :masked, :at)""")
                .bind("ws", workspaceId).bind("agent", agentId).bind("what", what).bind("format", format)
                .bind("from", period.start()).bind("to", period.end()).bind("filters", filters)
                .bind("masked", masked).bind("at", at)
                .then();
    }

    Flux<Export> latest(long workspaceId, int limit) {
        return db.sql("""
                        SELECT e.id, a.username, e.what, e.format, e.period_from, e.period_to, e.filters, e.masked, e.exported_at
                        FROM report_export e JOIN agent a ON a.id = e.agent_id WHERE e.workspace_id = :ws
                        ORDER BY e.exported_at DESC, e.id DESC LIMIT :limit""")
                .bind("ws", workspaceId).bind("limit", limit)
                .map(row -> new Export(row.get("id", Long.class), row.get("username", String.class),
                        row.get("what", String.class), row.get("format", String.class),
                        row.get("period_from", Instant.class), row.get("period_to", Instant.class),
                        row.get("filters", String.class), row.get("masked", Boolean.class),
                        row.get("exported_at", Instant.class)))
                .all();
    }
}
