package io.firstline.report.history;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The report's figures, each an SQL aggregate over the period's contacts (selected by {@code contact_by_opened}):
 * no contact is loaded into the JVM. Deadline compliance compares each deadline's due instant with
 * {@link #MET_AT} (the step that met it, else the resolution).
 */
@Repository
class ReportQueries {

    /**
     * When a deadline counts as met: when its own step met it (first reply, a step marked done, the resolution,
     * the follow-up), else the contact's resolution, which stops every timer (deadlines from before steps were
     * recorded, and steps nobody marked).
     */
    static final String MET_AT = "coalesce(d.met_at, c.resolved_at)";

    /**
     * When an agent first took the contact: stored on the row when its first responder is set, else (a contact
     * accepted before V14 without history, or written by another path) its first accept in the history.
     */
    private static final String FIRST_ACCEPT = "COALESCE(c.first_accepted_at, (SELECT min(e.at) FROM contact_event e"
            + " WHERE e.contact_id = c.id AND e.kind = 'accepted'))";

    private final DatabaseClient db;
    private final TransactionalOperator transaction;

    ReportQueries(DatabaseClient db, TransactionalOperator transaction) {
        this.db = db;
        this.transaction = transaction;
    }

    /**
     * Runs a report statement with PostgreSQL's JIT off: compiling these few large aggregates cost more than running
     * them (0.4–2 s of a 2–5 s statement in the benchmark's EXPLAIN), and they run once per report.
     */
    <T> Mono<T> withoutJit(Mono<T> statement) {
        return transaction.transactional(db.sql("SET LOCAL jit = off").then().then(statement));
    }

    /** The WHERE clause selecting the period's contacts ({@code c}) with the filters, and its binds. */
    record Selection(String where, Map<String, Object> binds) {

        static Selection of(long workspaceId, ReportPeriod period, ReportFilters filters) {
            StringBuilder where = new StringBuilder("c.workspace_id = :ws AND c.opened_at >= :from AND c.opened_at < :to");
            Map<String, Object> binds = new LinkedHashMap<>();
            binds.put("ws", workspaceId);
            binds.put("from", period.start());
            binds.put("to", period.end());
            binds.put("zone", period.zone().getId());
            if (filters.channel() != null) {
                where.append(" AND c.channel = :channel");
                binds.put("channel", filters.channel());
            }
            if (filters.queueId() != null) {
                where.append(" AND c.queue_id = :queue");
                binds.put("queue", filters.queueId());
            }
            if (filters.departmentId() != null) {
                where.append(" AND c.department_id = :department");
                binds.put("department", filters.departmentId());
            }
            if (filters.agentId() != null) {
                where.append(" AND (c.first_responder_id = :agent OR c.assignee_id = :agent)");
                binds.put("agent", filters.agentId());
            }
            return new Selection(where.toString(), binds);
        }
    }

    DatabaseClient.GenericExecuteSpec sql(String sql, Selection selection, Map<String, Object> more) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql);
        for (Map.Entry<String, Object> bind : selection.binds().entrySet()) {
            if (sql.contains(":" + bind.getKey())) {
                spec = spec.bind(bind.getKey(), bind.getValue());
            }
        }
        for (Map.Entry<String, Object> bind : more.entrySet()) {
            spec = spec.bind(bind.getKey(), bind.getValue());
        }
        return spec;
    }

    record Breakdown(Report.Totals totals, Report.Breakdowns breakdowns) {
    }

    private record GroupRow(String dimension, String key, String label, long contacts, long complaints,
                            long validComplaints, long resolved, long firstContact) {
    }

    /** Contacts by channel, type, severity, cause and department, and the totals: one pass (grouping sets). */
    Mono<Breakdown> breakdowns(Selection s) {
        String sql = breakdownsSql(s);
        return sql(sql, s, Map.of()).map(row -> {
                    String dimension;
                    String key;
                    String label;
                    if (row.get("g_channel", Integer.class) == 0) {
                        dimension = "channel";
                        key = row.get("channel", String.class);
                        label = key;
                    } else if (row.get("g_type", Integer.class) == 0) {
                        dimension = "type";
                        key = row.get("type", String.class);
                        label = key;
                    } else if (row.get("g_severity", Integer.class) == 0) {
                        dimension = "severity";
                        key = row.get("severity", String.class);
                        label = key;
                    } else if (row.get("g_cause", Integer.class) == 0) {
                        dimension = "cause";
                        key = row.get("cause", String.class);
                        label = key == null ? "(none)" : row.get("cause_label", String.class);
                    } else if (row.get("g_department", Integer.class) == 0) {
                        dimension = "department";
                        key = row.get("department", String.class);
                        label = key == null ? "(none)" : row.get("department_name", String.class);
                    } else {
                        dimension = "total";
                        key = null;
                        label = null;
                    }
                    return new GroupRow(dimension, key, label, row.get("contacts", Long.class), row.get("complaints", Long.class),
                            row.get("valid_complaints", Long.class), row.get("resolved", Long.class),
                            row.get("first_contact", Long.class));
                })
                .all()
                .collectList()
                .map(ReportQueries::breakdown);
    }

    private static Breakdown breakdown(List<GroupRow> rows) {
        Map<String, List<Report.Count>> by = new LinkedHashMap<>();
        for (String dimension : List.of("channel", "type", "severity", "cause", "department")) {
            by.put(dimension, new ArrayList<>());
        }
        Report.Totals totals = new Report.Totals(0, 0, 0, null, Report.VALID_COMPLAINT_TARGET, 0, 0, null);
        for (GroupRow row : rows) {
            if (row.dimension().equals("total")) {
                totals = new Report.Totals(row.contacts(), row.complaints(), row.validComplaints(),
                        share(row.validComplaints(), row.contacts()), Report.VALID_COMPLAINT_TARGET, row.resolved(),
                        row.firstContact(), share(row.firstContact(), row.resolved()));
            } else {
                by.get(row.dimension()).add(new Report.Count(row.key(), row.label(), row.contacts(), row.complaints()));
            }
        }
        // Complaints by cause are a Pareto: the causes of complaints, most first; contacts without a cause are left out
        // unless they are complaints (then "(none)" shows how many are still unclassified).
        List<Report.Count> causes = by.get("cause").stream().filter(count -> count.complaints() > 0)
                .sorted(java.util.Comparator.comparingLong(Report.Count::complaints).reversed()).toList();
        return new Breakdown(totals, new Report.Breakdowns(by.get("channel"), by.get("type"), by.get("severity"), causes,
                by.get("department")));
    }

    /** Contacts per local day and channel (the chart). */
    Mono<List<Report.DayCount>> perDay(Selection s) {
        String sql = perDaySql(s);
        return sql(sql, s, Map.of())
                .map(row -> new Report.DayCount(row.get("day", LocalDate.class), row.get("channel", String.class),
                        row.get("contacts", Long.class)))
                .all().collectList();
    }

    /** Deadline compliance per deadline kind and contact type: met on time, late, still open (and overdue now). */
    Mono<Report.Deadlines> deadlines(Selection s, Instant now) {
        String sql = deadlinesSql(s);
        return sql(sql, s, Map.of("now", now))
                .map(row -> {
                    long onTime = row.get("on_time", Long.class);
                    long late = row.get("late", Long.class);
                    return new Report.DeadlineFigures(row.get("name", String.class), row.get("type", String.class),
                            row.get("total", Long.class), onTime, late, row.get("open", Long.class),
                            row.get("open_overdue", Long.class), share(onTime, onTime + late));
                })
                .all().collectList()
                .map(figures -> {
                    long onTime = 0;
                    long decided = 0;
                    for (Report.DeadlineFigures f : figures) {
                        if (f.type().equals("repair") && f.deadline().equals("resolve")) {
                            onTime += f.onTime();
                            decided += f.onTime() + f.late();
                        }
                    }
                    return new Report.Deadlines(figures, share(onTime, decided), Report.REPAIR_ON_TIME_TARGET, MET_AT);
                });
    }

    record FollowUpsAndSatisfaction(Report.FollowUps followUps, Report.Satisfaction satisfaction) {
    }

    /** Follow-ups of the period's contacts (cancelled ones left out) and the satisfaction they recorded. */
    Mono<FollowUpsAndSatisfaction> followUps(Selection s, Instant now) {
        String sql = followUpsSql(s);
        return sql(sql, s, Map.of("now", now)).map(row -> {
            long total = row.get("total", Long.class);
            long done = row.get("done", Long.class);
            long scored = row.get("scored", Long.class);
            Map<Integer, Long> distribution = new LinkedHashMap<>();
            for (int score = 1; score <= 5; score++) {
                distribution.put(score, row.get("s" + score, Long.class));
            }
            return new FollowUpsAndSatisfaction(
                    new Report.FollowUps(total, done, row.get("due", Long.class), row.get("overdue", Long.class),
                            share(done, total), Report.FOLLOW_UP_TARGET),
                    new Report.Satisfaction(scored, row.get("mean", Double.class), distribution,
                            share(distribution.get(1) + distribution.get(2), scored)));
        }).one();
    }

    /**
     * Per channel: answered (an agent accepted it), within the service-level threshold of opening, the average speed
     * of answer; for phone also the abandoned calls (short abandons left out) from the call records.
     */
    Mono<List<Report.ChannelService>> service(Selection s, java.time.Duration threshold) {
        String sql = serviceSql(s);
        Mono<List<Report.ChannelService>> contacts = sql(sql, s, Map.of("threshold", (double) threshold.toSeconds()))
                .map(row -> new Report.ChannelService(row.get("channel", String.class), row.get("contacts", Long.class),
                        row.get("answered", Long.class), row.get("in_time", Long.class), null, row.get("asa", Double.class),
                        null, null))
                .all().collectList();
        String calls = callsSql(s);
        Mono<long[]> phone = sql(calls, s, Map.of())
                .map(row -> new long[] {row.get("abandoned", Long.class), row.get("calls", Long.class)}).one();
        return Mono.zip(contacts, phone).map(both -> both.getT1().stream().map(channel -> {
            boolean isPhone = channel.channel().equals("phone");
            Long abandoned = isPhone ? both.getT2()[0] : null;
            Double abandonRate = isPhone ? share(both.getT2()[0], both.getT2()[1]) : null;
            return new Report.ChannelService(channel.channel(), channel.contacts(), channel.answered(),
                    channel.answeredInTime(), share(channel.answeredInTime(), channel.contacts()),
                    channel.averageSpeedOfAnswerSeconds(), abandoned, abandonRate);
        }).toList());
    }

    /**
     * Per agent (assessment, 考核): contacts they resolved as assignee (handled), first responded to, their first
     * contacts' deadlines met on time or late, valid complaints against them (as first responder), the mean
     * follow-up satisfaction of their first contacts, and the average handle time (first accept to resolution) of
     * what they resolved.
     */
    Mono<List<Report.AgentFigures>> agents(Selection s) {
        String sql = agentsSql(s);
        return sql(sql, s, Map.of())
                .map(row -> {
                    long onTime = row.get("on_time", Long.class);
                    long late = row.get("late", Long.class);
                    return new Report.AgentFigures(row.get("id", Long.class), row.get("username", String.class),
                            row.get("display_name", String.class), row.get("handled", Long.class),
                            row.get("first_of", Long.class), onTime, late, share(onTime, onTime + late),
                            row.get("complaints", Long.class), row.get("mean", Double.class), row.get("aht", Double.class));
                })
                .all().collectList();
    }

    /** The id a filter's code names ({@code sql} selects {@code id} by {@code :ws} and {@code :code}). */
    Mono<Long> idOf(String sql, long workspaceId, String code) {
        return db.sql(sql).bind("ws", workspaceId).bind("code", code).map(row -> row.get("id", Long.class)).one();
    }

    // ---- the statements (static, so the benchmark can EXPLAIN exactly what runs) ----

    static String breakdownsSql(Selection s) {
        return """
                WITH g AS (
                    SELECT GROUPING(c.channel) AS g_channel, GROUPING(c.type) AS g_type, GROUPING(c.severity) AS g_severity,
                           GROUPING(cc.code) AS g_cause, GROUPING(d.code) AS g_department,
                           c.channel, c.type, c.severity, cc.code AS cause, max(cc.version) AS cause_version,
                           d.code AS department, max(d.name) AS department_name,
                           count(*) AS contacts, count(*) FILTER (WHERE c.type = 'complaint') AS complaints,
                           count(*) FILTER (WHERE c.type = 'complaint' AND c.complaint_valid) AS valid_complaints,
                           count(*) FILTER (WHERE c.resolved_at IS NOT NULL) AS resolved,
                           count(*) FILTER (WHERE c.resolved_at IS NOT NULL AND (c.disposition = 'resolved_first_contact'
                               OR (c.disposition IS NULL AND NOT EXISTS (SELECT 1 FROM contact_event t
                                   WHERE t.contact_id = c.id AND t.kind = 'transferred')))) AS first_contact
                    FROM contact c LEFT JOIN complaint_cause cc ON cc.id = c.cause_id
                    LEFT JOIN department d ON d.id = c.department_id
                    WHERE %s
                    GROUP BY GROUPING SETS ((c.channel), (c.type), (c.severity), (cc.code), (d.code), ()))
                SELECT g.*, l.label AS cause_label FROM g
                LEFT JOIN complaint_cause l ON l.code = g.cause AND l.version = g.cause_version
                ORDER BY contacts DESC""".formatted(s.where());
    }

    static String perDaySql(Selection s) {
        return """
                SELECT (c.opened_at AT TIME ZONE :zone)::date AS day, c.channel, count(*) AS contacts
                FROM contact c WHERE %s GROUP BY 1, 2 ORDER BY 1, 2""".formatted(s.where());
    }

    static String deadlinesSql(Selection s) {
        return """
                SELECT d.name, c.type, count(*) AS total,
                       count(*) FILTER (WHERE %2$s IS NOT NULL AND %2$s <= d.due_at) AS on_time,
                       count(*) FILTER (WHERE %2$s IS NOT NULL AND %2$s > d.due_at) AS late,
                       count(*) FILTER (WHERE %2$s IS NULL) AS open,
                       count(*) FILTER (WHERE %2$s IS NULL AND d.due_at < :now) AS open_overdue
                FROM contact c JOIN contact_deadline d ON d.contact_id = c.id
                WHERE %1$s GROUP BY d.name, c.type ORDER BY c.type, d.name""".formatted(s.where(), MET_AT);
    }

    static String followUpsSql(Selection s) {
        return """
                SELECT count(*) AS total, count(*) FILTER (WHERE f.status = 'done') AS done,
                       count(*) FILTER (WHERE f.status = 'due') AS due,
                       count(*) FILTER (WHERE f.status = 'due' AND f.due_at < :now) AS overdue,
                       count(f.satisfaction) AS scored, avg(f.satisfaction)::float8 AS mean,
                       count(*) FILTER (WHERE f.satisfaction = 1) AS s1, count(*) FILTER (WHERE f.satisfaction = 2) AS s2,
                       count(*) FILTER (WHERE f.satisfaction = 3) AS s3, count(*) FILTER (WHERE f.satisfaction = 4) AS s4,
                       count(*) FILTER (WHERE f.satisfaction = 5) AS s5
                FROM contact c JOIN follow_up f ON f.contact_id = c.id
                WHERE %s AND f.status <> 'cancelled'""".formatted(s.where());
    }

    static String serviceSql(Selection s) {
        return """
                WITH a AS MATERIALIZED (
                    SELECT c.channel, c.opened_at, %2$s AS first_at FROM contact c WHERE %1$s)
                SELECT channel, count(*) AS contacts, count(first_at) AS answered,
                       count(*) FILTER (WHERE first_at - opened_at <= make_interval(secs => :threshold)) AS in_time,
                       avg(extract(epoch FROM first_at - opened_at))::float8 AS asa
                FROM a GROUP BY channel ORDER BY channel""".formatted(s.where(), FIRST_ACCEPT);
    }

    static String callsSql(Selection s) {
        return """
                SELECT count(*) FILTER (WHERE p.status = 'abandoned' AND NOT p.short_abandon) AS abandoned,
                       count(*) FILTER (WHERE NOT p.short_abandon) AS calls
                FROM phone_call p JOIN contact c ON c.id = p.contact_id WHERE %s""".formatted(s.where());
    }

    static String agentsSql(Selection s) {
        return """
                WITH p AS MATERIALIZED (
                    SELECT c.id, c.assignee_id, c.first_responder_id, c.resolved_at, c.complaint_valid, c.type,
                           CASE WHEN c.resolved_at IS NOT NULL THEN %2$s END AS first_at
                    FROM contact c WHERE %1$s),
                handled AS (
                    SELECT assignee_id AS agent_id, count(*) AS handled,
                           avg(extract(epoch FROM resolved_at - first_at))::float8 AS aht
                    FROM p WHERE resolved_at IS NOT NULL AND assignee_id IS NOT NULL GROUP BY 1),
                fr AS (
                    SELECT first_responder_id AS agent_id, count(*) AS first_of,
                           count(*) FILTER (WHERE type = 'complaint' AND complaint_valid) AS complaints
                    FROM p WHERE first_responder_id IS NOT NULL GROUP BY 1),
                deadlines AS (
                    SELECT p.first_responder_id AS agent_id,
                           count(*) FILTER (WHERE %3$s IS NOT NULL AND %3$s <= d.due_at) AS on_time,
                           count(*) FILTER (WHERE %3$s IS NOT NULL AND %3$s > d.due_at) AS late
                    FROM p JOIN contact_deadline d ON d.contact_id = p.id WHERE p.first_responder_id IS NOT NULL GROUP BY 1),
                sat AS (
                    SELECT p.first_responder_id AS agent_id, avg(f.satisfaction)::float8 AS mean
                    FROM p JOIN follow_up f ON f.contact_id = p.id
                    WHERE p.first_responder_id IS NOT NULL AND f.satisfaction IS NOT NULL GROUP BY 1)
                SELECT a.id, a.username, a.display_name, COALESCE(h.handled, 0) AS handled, h.aht,
                       COALESCE(fr.first_of, 0) AS first_of, COALESCE(fr.complaints, 0) AS complaints,
                       COALESCE(dl.on_time, 0) AS on_time, COALESCE(dl.late, 0) AS late, sat.mean
                FROM agent a LEFT JOIN handled h ON h.agent_id = a.id LEFT JOIN fr ON fr.agent_id = a.id
                LEFT JOIN deadlines dl ON dl.agent_id = a.id LEFT JOIN sat ON sat.agent_id = a.id
                WHERE a.workspace_id = :ws AND (h.agent_id IS NOT NULL OR fr.agent_id IS NOT NULL)
                ORDER BY a.display_name""".formatted(s.where(), FIRST_ACCEPT, MET_AT.replace("c.", "p."));
    }

    static Double share(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
