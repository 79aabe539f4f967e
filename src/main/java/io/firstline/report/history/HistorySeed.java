package io.firstline.report.history;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Generates history in SQL ({@code generate_series}, no row passes through the JVM): {@code perDay} contacts a day
 * for {@code days} days before {@code lastDay} + 1, across the four channels and five types, with a message each way,
 * received/accepted/resolved events, a deadline, complaint causes and validity, dispositions, and follow-ups with
 * satisfaction for complaints and repairs. Deterministic: every choice is a hash of the contact's number, never
 * {@code random()}, so the same call makes the same history. Every generated contact is closed (nothing is left for
 * routing) and its customer handle starts with {@code history:}.
 */
@Repository
class HistorySeed {

    /** Deterministic pseudo-random 0..m-1 for contact number n and a salt (a multiplicative hash). */
    private static String h(String n, int salt, int m) {
        return "(((" + n + " + 1) * 2654435761 + " + salt + " * 40503) % 1000003 % " + m + ")";
    }

    private final DatabaseClient db;
    private final TransactionalOperator transaction;

    HistorySeed(DatabaseClient db, TransactionalOperator transaction) {
        this.db = db;
        this.transaction = transaction;
    }

    /** Whether the workspace has generated history already. */
    Mono<Boolean> seeded(long workspaceId) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM contact WHERE workspace_id = :ws AND customer_handle LIKE 'history:%')")
                .bind("ws", workspaceId).map(row -> row.get(0, Boolean.class)).one();
    }

    /** Emits how many contacts it made. */
    Mono<Long> seed(long workspaceId, LocalDate lastDay, int days, int perDay, ZoneId zone) {
        Instant start = lastDay.minusDays(days - 1L).atStartOfDay(zone).toInstant();
        String n = "g.n";
        String contacts = """
                WITH agents AS (SELECT array_agg(id ORDER BY id) AS ids FROM agent WHERE workspace_id = :ws AND role = 'agent'),
                     queues AS (SELECT array_agg(id ORDER BY code) AS ids, array_agg(channel ORDER BY code) AS channels
                                FROM queue WHERE workspace_id = :ws AND code IN ('email', 'phone', 'webchat', 'wechat')),
                     causes AS (SELECT array_agg(id ORDER BY code) AS ids FROM complaint_cause WHERE retired_at IS NULL),
                     customers AS (
                         INSERT INTO customer (workspace_id, display_name)
                         SELECT :ws, 'History customer ' || c FROM generate_series(1, 1000) c RETURNING id),
                     customer_ids AS (SELECT array_agg(id ORDER BY id) AS ids FROM customers),
                     g AS (SELECT n, n / CAST(:perDay AS bigint) AS day FROM generate_series(0, CAST(:total AS bigint) - 1) n),
                     shaped AS (
                         SELECT g.n, CAST(:start AS timestamptz) + make_interval(days => g.day::int, mins => (480 + %1$s)::int) AS opened_at,
                                1 + %2$s AS q, 1 + %3$s AS a, %4$s AS t, %5$s AS r, %6$s AS v, %7$s AS d, 1 + %8$s AS cause, %9$s AS w
                         FROM g)
                INSERT INTO contact (workspace_id, customer_id, channel, queue_id, status, assignee_id, first_responder_id,
                                     opened_at, updated_at, queued_at, type, severity, repair_class, resolved_at, customer_handle,
                                     cause_id, complaint_valid, disposition, first_accepted_at)
                SELECT :ws, cu.ids[1 + s.n %% 1000], qs.channels[s.q], qs.ids[s.q], 'closed', ag.ids[s.a], ag.ids[s.a],
                       s.opened_at, s.opened_at + make_interval(mins => (10 + s.r)::int), s.opened_at, ty.type,
                       CASE WHEN s.v = 0 AND ty.type = 'complaint' THEN 'major' ELSE 'normal' END,
                       CASE WHEN ty.type = 'repair' THEN 'medium' END,
                       s.opened_at + make_interval(mins => (10 + s.r)::int), 'history:' || s.n,
                       CASE WHEN ty.type = 'complaint' THEN ca.ids[s.cause] END,
                       CASE WHEN ty.type = 'complaint' THEN s.v = 0 END,
                       CASE WHEN s.d < 8 THEN 'resolved_first_contact' ELSE 'resolved_after_transfer' END,
                       s.opened_at + make_interval(secs => s.w)
                FROM shaped s CROSS JOIN agents ag CROSS JOIN queues qs CROSS JOIN causes ca CROSS JOIN customer_ids cu
                CROSS JOIN LATERAL (SELECT CASE WHEN s.t < 45 THEN 'inquiry' WHEN s.t < 60 THEN 'complaint'
                                                WHEN s.t < 80 THEN 'repair' WHEN s.t < 90 THEN 'suggestion'
                                                ELSE 'service_request' END AS type) ty"""
                .formatted(h(n, 1, 840), h(n, 2, 4), h(n, 3, 1_000_000) + " % cardinality((SELECT ids FROM agents))",
                        h(n, 4, 100), h(n, 5, 3000), h(n, 6, 20), h(n, 7, 10), h(n, 8, 5), h(n, 9, 45));
        String history = "(SELECT id, opened_at, resolved_at, type, channel, first_responder_id, first_accepted_at FROM contact"
                + " WHERE workspace_id = :ws AND customer_handle LIKE 'history:%')";
        String messages = """
                INSERT INTO message (workspace_id, contact_id, channel, external_id, direction, author, body, created_at, delivery)
                SELECT :ws, c.id, c.channel, 'history-in-' || c.id, 'inbound', 'customer', 'History message ' || c.id, c.opened_at, 'received'
                FROM %1$s c
                UNION ALL
                SELECT :ws, c.id, c.channel, 'history-out-' || c.id, 'outbound', 'agent', 'History reply ' || c.id,
                       c.opened_at + interval '2 minutes', 'sent'
                FROM %1$s c""".formatted(history);
        String events = """
                INSERT INTO contact_event (contact_id, kind, actor, detail, at)
                SELECT c.id, e.kind, e.actor, NULL, e.at FROM %s c
                CROSS JOIN LATERAL (VALUES ('received', 'system', c.opened_at),
                                           ('accepted', 'agent', c.first_accepted_at),
                                           ('resolved', 'agent', c.resolved_at)) AS e (kind, actor, at)"""
                .formatted(history);
        String deadlines = """
                INSERT INTO contact_deadline (contact_id, name, due_at, warn_at, breached_at)
                SELECT c.id, x.name, c.opened_at + x.allowed, c.opened_at + x.allowed * 0.75,
                       CASE WHEN c.resolved_at > c.opened_at + x.allowed THEN c.opened_at + x.allowed END
                FROM %s c CROSS JOIN LATERAL (SELECT CASE WHEN c.type IN ('inquiry', 'suggestion') THEN 'reply' ELSE 'resolve' END AS name,
                    CASE c.type WHEN 'inquiry' THEN interval '24 hours' WHEN 'complaint' THEN interval '72 hours'
                                WHEN 'repair' THEN interval '48 hours' WHEN 'suggestion' THEN interval '120 hours'
                                ELSE interval '240 hours' END AS allowed) x""".formatted(history);
        String followUps = """
                INSERT INTO follow_up (contact_id, assignee_id, due_at, created_at, status, outcome, satisfaction, satisfied, done_by, done_at)
                SELECT c.id, c.first_responder_id, c.resolved_at + interval '1 day', c.resolved_at, 'done', 'reached',
                       s.score, s.score >= 3, c.first_responder_id, c.resolved_at + interval '5 hours'
                FROM %s c CROSS JOIN LATERAL (SELECT CASE WHEN %s < 5 THEN 1 WHEN %2$s < 10 THEN 2 WHEN %2$s < 25 THEN 3
                                                           WHEN %2$s < 55 THEN 4 ELSE 5 END AS score) s
                WHERE c.type IN ('complaint', 'repair')""".formatted(history, h("c.id", 10, 100));
        Mono<Long> work = run(contacts, workspaceId, start, days, perDay).fetch().rowsUpdated()
                .flatMap(made -> run(messages, workspaceId, start, days, perDay).then()
                        .then(run(events, workspaceId, start, days, perDay).then())
                        .then(run(deadlines, workspaceId, start, days, perDay).then())
                        .then(run(followUps, workspaceId, start, days, perDay).then())
                        .thenReturn(made));
        return transaction.transactional(work);
    }

    private DatabaseClient.GenericExecuteSpec run(String sql, long workspaceId, Instant start, int days, int perDay) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql).bind("ws", workspaceId);
        if (sql.contains(":start")) {
            spec = spec.bind("start", start).bind("perDay", perDay).bind("total", (long) days * perDay);
        }
        return spec;
    }
}
