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
 * The report's figures, each an SQL aggregate: over the daily roll-up rows ({@link ReportRollup}) of the period's days
 * that are rolled up, and over the contacts (selected by {@code contact_by_opened}) of the others, both in the same
 * shape ({@link #cubeSql}); no contact is loaded into the JVM. The figures that depend on now (overdue) always come from
 * the contacts. Deadline compliance compares each deadline's due instant with
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

    /**
     * What a report reads: {@code where} selects the period's contacts ({@code c}) with the filters; {@code live} the
     * ones of days not rolled up ({@code c}, the {@link #cubeSql cube} is computed from them); {@code rolled} the
     * roll-up rows ({@code r}) of the days that are; and their binds.
     */
    record Selection(String where, String live, String rolled, Map<String, Object> binds) {

        /** Every day from the contacts (nothing rolled up): the contacts behind a figure, and exports use {@code where}. */
        static Selection of(long workspaceId, ReportPeriod period, ReportFilters filters) {
            return of(workspaceId, period, filters, 20.0, List.of());
        }

        /**
         * The days in {@code readyDays} (sorted) read from the roll-up, the others from the contacts; {@code threshold}
         * the service level's, in seconds.
         */
        static Selection of(long workspaceId, ReportPeriod period, ReportFilters filters, double threshold,
                            List<LocalDate> readyDays) {
            StringBuilder where = new StringBuilder("c.workspace_id = :ws AND c.opened_at >= :from AND c.opened_at < :to");
            StringBuilder narrowed = new StringBuilder();
            Map<String, Object> binds = new LinkedHashMap<>();
            binds.put("ws", workspaceId);
            binds.put("from", period.start());
            binds.put("to", period.end());
            binds.put("zone", period.zone().getId());
            binds.put("threshold", threshold);
            if (filters.channel() != null) {
                narrowed.append(" AND %1$s.channel = :channel");
                binds.put("channel", filters.channel());
            }
            if (filters.queueId() != null) {
                narrowed.append(" AND %1$s.queue_id = :queue");
                binds.put("queue", filters.queueId());
            }
            if (filters.departmentId() != null) {
                narrowed.append(" AND %1$s.department_id = :department");
                binds.put("department", filters.departmentId());
            }
            if (filters.agentId() != null) {
                narrowed.append(" AND (%1$s.first_responder_id = :agent OR %1$s.assignee_id = :agent)");
                binds.put("agent", filters.agentId());
            }
            where.append(narrowed.toString().formatted("c"));
            // Runs of consecutive days, rolled up or not, each one range condition (an index range for the contacts).
            List<String> liveRuns = new ArrayList<>();
            List<String> rolledRuns = new ArrayList<>();
            LocalDate day = period.from();
            int run = 0;
            while (day.isBefore(period.to())) {
                boolean ready = readyDays.contains(day);
                LocalDate end = day.plusDays(1);
                while (end.isBefore(period.to()) && readyDays.contains(end) == ready) {
                    end = end.plusDays(1);
                }
                if (ready) {
                    rolledRuns.add("(r.day >= :rolled" + run + "from AND r.day < :rolled" + run + "to)");
                    binds.put("rolled" + run + "from", day);
                    binds.put("rolled" + run + "to", end);
                } else {
                    liveRuns.add("(c.opened_at >= :live" + run + "from AND c.opened_at < :live" + run + "to)");
                    binds.put("live" + run + "from", day.atStartOfDay(period.zone()).toInstant());
                    binds.put("live" + run + "to", end.atStartOfDay(period.zone()).toInstant());
                }
                run++;
                day = end;
            }
            String live = liveRuns.isEmpty() ? "false"
                    : "c.workspace_id = :ws AND (" + String.join(" OR ", liveRuns) + ")" + narrowed.toString().formatted("c");
            String rolled = rolledRuns.isEmpty() ? "false"
                    : "r.workspace_id = :ws AND r.zone = :zone AND (" + String.join(" OR ", rolledRuns) + ")"
                    + narrowed.toString().formatted("r");
            return new Selection(where.toString(), live, rolled, binds);
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
    Mono<List<Report.ChannelService>> service(Selection s) {
        String sql = serviceSql(s);
        Mono<List<Report.ChannelService>> contacts = sql(sql, s, Map.of())
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

    /** The columns of a {@code report_rollup} row after its workspace and zone, as {@link #cubeSql} makes them. */
    static final String CUBE_COLUMNS = "day, channel, queue_id, department_id, type, severity, cause_id, first_responder_id,"
            + " assignee_id, contacts, valid_complaints, resolved, first_contact, answered, in_time, asa_sum, aht_n, aht_sum,"
            + " calls, abandoned, fu_total, fu_done, fu_due, sat_n, sat_sum, s1, s2, s3, s4, s5, agent_sat_n, agent_sat_sum";

    /** The columns of a {@code report_rollup_deadline} row after its workspace and zone ({@link #deadlineCubeSql}). */
    static final String DEADLINE_COLUMNS = "day, channel, queue_id, department_id, type, first_responder_id, assignee_id, name,"
            + " total, on_time, late, open";

    /**
     * The sums and counts every figure is made of, per local day and combination of the dimensions a report groups
     * or filters by, for the contacts {@code where} selects: what a roll-up row stores, and what the report computes
     * for the days not rolled up. Averages are kept as sum and count (the report divides the sums), never averaged twice.
     */
    static String cubeSql(String where) {
        return """
                SELECT (c.opened_at AT TIME ZONE :zone)::date AS day, c.channel, c.queue_id, c.department_id, c.type,
                       c.severity, c.cause_id, c.first_responder_id, c.assignee_id,
                       count(*) AS contacts,
                       count(*) FILTER (WHERE c.type = 'complaint' AND c.complaint_valid) AS valid_complaints,
                       count(*) FILTER (WHERE c.resolved_at IS NOT NULL) AS resolved,
                       count(*) FILTER (WHERE c.resolved_at IS NOT NULL AND (c.disposition = 'resolved_first_contact'
                           OR (c.disposition IS NULL AND NOT EXISTS (SELECT 1 FROM contact_event t
                               WHERE t.contact_id = c.id AND t.kind = 'transferred')))) AS first_contact,
                       count(x.first_at) AS answered,
                       count(*) FILTER (WHERE x.first_at - c.opened_at <= make_interval(secs => :threshold)) AS in_time,
                       sum(extract(epoch FROM x.first_at - c.opened_at)) AS asa_sum,
                       count(x.first_at) FILTER (WHERE c.resolved_at IS NOT NULL) AS aht_n,
                       sum(extract(epoch FROM c.resolved_at - x.first_at)) AS aht_sum,
                       coalesce(sum(p.calls), 0) AS calls, coalesce(sum(p.abandoned), 0) AS abandoned,
                       coalesce(sum(f.total), 0) AS fu_total, coalesce(sum(f.done), 0) AS fu_done,
                       coalesce(sum(f.due), 0) AS fu_due, coalesce(sum(f.sat_n), 0) AS sat_n,
                       coalesce(sum(f.sat_sum), 0) AS sat_sum, coalesce(sum(f.s1), 0) AS s1, coalesce(sum(f.s2), 0) AS s2,
                       coalesce(sum(f.s3), 0) AS s3, coalesce(sum(f.s4), 0) AS s4, coalesce(sum(f.s5), 0) AS s5,
                       coalesce(sum(f.agent_sat_n), 0) AS agent_sat_n, coalesce(sum(f.agent_sat_sum), 0) AS agent_sat_sum
                FROM contact c
                CROSS JOIN LATERAL (SELECT %2$s AS first_at) x
                LEFT JOIN LATERAL (
                    SELECT count(*) FILTER (WHERE NOT pc.short_abandon) AS calls,
                           count(*) FILTER (WHERE pc.status = 'abandoned' AND NOT pc.short_abandon) AS abandoned
                    FROM phone_call pc WHERE pc.contact_id = c.id) p ON true
                LEFT JOIN LATERAL (
                    SELECT count(*) FILTER (WHERE fu.status <> 'cancelled') AS total,
                           count(*) FILTER (WHERE fu.status = 'done') AS done, count(*) FILTER (WHERE fu.status = 'due') AS due,
                           count(fu.satisfaction) FILTER (WHERE fu.status <> 'cancelled') AS sat_n,
                           coalesce(sum(fu.satisfaction) FILTER (WHERE fu.status <> 'cancelled'), 0) AS sat_sum,
                           count(*) FILTER (WHERE fu.status <> 'cancelled' AND fu.satisfaction = 1) AS s1,
                           count(*) FILTER (WHERE fu.status <> 'cancelled' AND fu.satisfaction = 2) AS s2,
                           count(*) FILTER (WHERE fu.status <> 'cancelled' AND fu.satisfaction = 3) AS s3,
                           count(*) FILTER (WHERE fu.status <> 'cancelled' AND fu.satisfaction = 4) AS s4,
                           count(*) FILTER (WHERE fu.status <> 'cancelled' AND fu.satisfaction = 5) AS s5,
                           count(fu.satisfaction) AS agent_sat_n, coalesce(sum(fu.satisfaction), 0) AS agent_sat_sum
                    FROM follow_up fu WHERE fu.contact_id = c.id) f ON true
                WHERE %1$s
                GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9""".formatted(where, FIRST_ACCEPT);
    }

    /** Deadlines per local day, the filter dimensions, contact type and deadline: total, met on time, late, open. */
    static String deadlineCubeSql(String where) {
        return """
                SELECT (c.opened_at AT TIME ZONE :zone)::date AS day, c.channel, c.queue_id, c.department_id, c.type,
                       c.first_responder_id, c.assignee_id, d.name, count(*) AS total,
                       count(*) FILTER (WHERE %2$s IS NOT NULL AND %2$s <= d.due_at) AS on_time,
                       count(*) FILTER (WHERE %2$s IS NOT NULL AND %2$s > d.due_at) AS late,
                       count(*) FILTER (WHERE %2$s IS NULL) AS open
                FROM contact c JOIN contact_deadline d ON d.contact_id = c.id
                WHERE %1$s GROUP BY 1, 2, 3, 4, 5, 6, 7, 8""".formatted(where, MET_AT);
    }

    /** The cube of the selection: roll-up rows of the ready days, computed rows of the others. */
    static String cube(Selection s) {
        return "SELECT " + CUBE_COLUMNS + " FROM report_rollup r WHERE " + s.rolled() + "\nUNION ALL\n" + cubeSql(s.live());
    }

    static String deadlineCube(Selection s) {
        return "SELECT " + DEADLINE_COLUMNS + " FROM report_rollup_deadline r WHERE " + s.rolled() + "\nUNION ALL\n"
                + deadlineCubeSql(s.live());
    }

    static String breakdownsSql(Selection s) {
        return """
                WITH src AS (%s),
                g AS (
                    SELECT GROUPING(s.channel) AS g_channel, GROUPING(s.type) AS g_type, GROUPING(s.severity) AS g_severity,
                           GROUPING(cc.code) AS g_cause, GROUPING(d.code) AS g_department,
                           s.channel, s.type, s.severity, cc.code AS cause, max(cc.version) AS cause_version,
                           d.code AS department, max(d.name) AS department_name,
                           coalesce(sum(s.contacts), 0)::bigint AS contacts,
                           coalesce(sum(s.contacts) FILTER (WHERE s.type = 'complaint'), 0)::bigint AS complaints,
                           coalesce(sum(s.valid_complaints), 0)::bigint AS valid_complaints,
                           coalesce(sum(s.resolved), 0)::bigint AS resolved,
                           coalesce(sum(s.first_contact), 0)::bigint AS first_contact
                    FROM src s LEFT JOIN complaint_cause cc ON cc.id = s.cause_id
                    LEFT JOIN department d ON d.id = s.department_id
                    GROUP BY GROUPING SETS ((s.channel), (s.type), (s.severity), (cc.code), (d.code), ()))
                SELECT g.*, l.label AS cause_label FROM g
                LEFT JOIN complaint_cause l ON l.code = g.cause AND l.version = g.cause_version
                ORDER BY contacts DESC""".formatted(cube(s));
    }

    static String perDaySql(Selection s) {
        return """
                WITH src AS (%s)
                SELECT day, channel, sum(contacts)::bigint AS contacts FROM src GROUP BY 1, 2 ORDER BY 1, 2""".formatted(cube(s));
    }

    /** Open deadlines overdue depend on now, so they are counted from the contacts (the few unresolved ones). */
    static String deadlinesSql(Selection s) {
        return """
                WITH src AS (%1$s),
                overdue AS (
                    SELECT d.name, c.type, count(*) AS n FROM contact c JOIN contact_deadline d ON d.contact_id = c.id
                    WHERE %2$s AND c.resolved_at IS NULL AND d.met_at IS NULL AND d.due_at < :now GROUP BY 1, 2)
                SELECT s.name, s.type, sum(s.total)::bigint AS total, sum(s.on_time)::bigint AS on_time,
                       sum(s.late)::bigint AS late, sum(s.open)::bigint AS open, coalesce(max(o.n), 0)::bigint AS open_overdue
                FROM src s LEFT JOIN overdue o ON o.name = s.name AND o.type IS NOT DISTINCT FROM s.type
                GROUP BY s.name, s.type ORDER BY s.type, s.name""".formatted(deadlineCube(s), s.where());
    }

    /** Follow-ups overdue depend on now: counted from the follow-ups due (index follow_up_due). */
    static String followUpsSql(Selection s) {
        return """
                WITH src AS (%1$s)
                SELECT coalesce(sum(fu_total), 0)::bigint AS total, coalesce(sum(fu_done), 0)::bigint AS done,
                       coalesce(sum(fu_due), 0)::bigint AS due,
                       (SELECT count(*) FROM follow_up f JOIN contact c ON c.id = f.contact_id
                        WHERE %2$s AND f.status = 'due' AND f.due_at < :now) AS overdue,
                       coalesce(sum(sat_n), 0)::bigint AS scored, (sum(sat_sum) / nullif(sum(sat_n), 0))::float8 AS mean,
                       coalesce(sum(s1), 0)::bigint AS s1, coalesce(sum(s2), 0)::bigint AS s2,
                       coalesce(sum(s3), 0)::bigint AS s3, coalesce(sum(s4), 0)::bigint AS s4,
                       coalesce(sum(s5), 0)::bigint AS s5
                FROM src""".formatted(cube(s), s.where());
    }

    static String serviceSql(Selection s) {
        return """
                WITH src AS (%s)
                SELECT channel, sum(contacts)::bigint AS contacts, sum(answered)::bigint AS answered,
                       sum(in_time)::bigint AS in_time, (sum(asa_sum) / nullif(sum(answered), 0))::float8 AS asa
                FROM src GROUP BY channel ORDER BY channel""".formatted(cube(s));
    }

    static String callsSql(Selection s) {
        return """
                WITH src AS (%s)
                SELECT coalesce(sum(abandoned), 0)::bigint AS abandoned, coalesce(sum(calls), 0)::bigint AS calls
                FROM src""".formatted(cube(s));
    }

    static String agentsSql(Selection s) {
        return """
                WITH src AS (%1$s),
                dsrc AS (%2$s),
                handled AS (
                    SELECT assignee_id AS agent_id, sum(resolved) AS handled,
                           (sum(aht_sum) / nullif(sum(aht_n), 0))::float8 AS aht
                    FROM src WHERE assignee_id IS NOT NULL GROUP BY 1 HAVING sum(resolved) > 0),
                fr AS (
                    SELECT first_responder_id AS agent_id, sum(contacts) AS first_of, sum(valid_complaints) AS complaints,
                           (sum(agent_sat_sum) / nullif(sum(agent_sat_n), 0))::float8 AS mean
                    FROM src WHERE first_responder_id IS NOT NULL GROUP BY 1),
                deadlines AS (
                    SELECT first_responder_id AS agent_id, sum(on_time) AS on_time, sum(late) AS late
                    FROM dsrc WHERE first_responder_id IS NOT NULL GROUP BY 1)
                SELECT a.id, a.username, a.display_name, COALESCE(h.handled, 0)::bigint AS handled, h.aht,
                       COALESCE(fr.first_of, 0)::bigint AS first_of, COALESCE(fr.complaints, 0)::bigint AS complaints,
                       COALESCE(dl.on_time, 0)::bigint AS on_time, COALESCE(dl.late, 0)::bigint AS late, fr.mean
                FROM agent a LEFT JOIN handled h ON h.agent_id = a.id LEFT JOIN fr ON fr.agent_id = a.id
                LEFT JOIN deadlines dl ON dl.agent_id = a.id
                WHERE a.workspace_id = :ws AND (h.agent_id IS NOT NULL OR fr.agent_id IS NOT NULL)
                ORDER BY a.display_name""".formatted(cube(s), deadlineCube(s));
    }

    static Double share(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
