package io.firstline.report.history;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;

/**
 * The contacts behind a figure, streamed from PostgreSQL in fetches of {@link #FETCH} rows (a cursor inside a
 * read transaction): the rows are never all in memory, however many there are.
 */
@Repository
class ContactRows {

    static final int FETCH = 500;

    static final List<String> HEADERS = List.of("contact", "opened at", "channel", "type", "severity", "status", "queue",
            "customer", "customer handle", "cause", "department", "first responder", "assignee", "resolved at",
            "disposition", "disposition reason", "valid complaint");

    /** One contact; {@code customer} and {@code handle} are masked by the caller when the viewer may not see them. */
    record ContactRow(long id, Instant openedAt, String channel, String type, String severity, String status,
                      String queue, String customer, String handle, String cause, String department,
                      String firstResponder, String assignee, Instant resolvedAt, String disposition,
                      String dispositionReason, Boolean complaintValid) {

        List<Object> values() {
            return java.util.Arrays.asList(id, openedAt == null ? null : openedAt.toString(), channel, type, severity,
                    status, queue, customer, handle, cause, department, firstResponder, assignee,
                    resolvedAt == null ? null : resolvedAt.toString(), disposition, dispositionReason, complaintValid);
        }
    }

    private final ReportQueries queries;
    private final TransactionalOperator transaction;

    ContactRows(ReportQueries queries, TransactionalOperator transaction) {
        this.queries = queries;
        this.transaction = transaction;
    }

    Flux<ContactRow> behind(ReportQueries.Selection s, Figure figure) {
        String sql = """
                SELECT c.id, c.opened_at, c.channel, c.type, c.severity, c.status, q.code AS queue,
                       cu.display_name AS customer, c.customer_handle, cc.label AS cause, d.name AS department,
                       f.username AS first_responder, a.username AS assignee, c.resolved_at, c.disposition,
                       c.disposition_reason, c.complaint_valid
                FROM contact c JOIN queue q ON q.id = c.queue_id JOIN customer cu ON cu.id = c.customer_id
                LEFT JOIN complaint_cause cc ON cc.id = c.cause_id LEFT JOIN department d ON d.id = c.department_id
                LEFT JOIN agent f ON f.id = c.first_responder_id LEFT JOIN agent a ON a.id = c.assignee_id
                WHERE %s AND (%s) ORDER BY c.opened_at, c.id""".formatted(s.where(), figure.condition());
        DatabaseClient.GenericExecuteSpec spec = queries.sql(sql, s,
                figure.value() == null ? Map.of() : Map.of("figure", figure.value()));
        Flux<ContactRow> rows = spec
                .filter((statement, next) -> next.execute(statement.fetchSize(FETCH)))
                .map(row -> new ContactRow(row.get("id", Long.class), row.get("opened_at", Instant.class),
                        row.get("channel", String.class), row.get("type", String.class), row.get("severity", String.class),
                        row.get("status", String.class), row.get("queue", String.class), row.get("customer", String.class),
                        row.get("customer_handle", String.class), row.get("cause", String.class),
                        row.get("department", String.class), row.get("first_responder", String.class),
                        row.get("assignee", String.class), row.get("resolved_at", Instant.class),
                        row.get("disposition", String.class), row.get("disposition_reason", String.class),
                        row.get("complaint_valid", Boolean.class)))
                .all();
        return transaction.transactional(rows);
    }
}
