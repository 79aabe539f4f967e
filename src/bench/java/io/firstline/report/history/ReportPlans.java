package io.firstline.report.history;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The report's statements exactly as {@link ReportQueries} runs them, with their parameters written in as literals,
 * for the benchmark to {@code EXPLAIN (ANALYZE, BUFFERS)} over JDBC (bench sources only).
 */
public final class ReportPlans {

    private ReportPlans() {
    }

    /** Statement name → SQL, for the contacts opened in [from, to) of the workspace (no filters). */
    public static Map<String, String> statements(long workspaceId, LocalDate from, LocalDate to, ZoneId zone, Instant now) {
        ReportPeriod period = new ReportPeriod(ReportKind.RANGE, from, to, zone);
        ReportQueries.Selection s = ReportQueries.Selection.of(workspaceId, period, ReportFilters.NONE);
        Map<String, String> sql = new LinkedHashMap<>();
        sql.put("breakdowns (grouping sets)", ReportQueries.breakdownsSql(s));
        sql.put("contacts per day", ReportQueries.perDaySql(s));
        sql.put("deadline compliance", ReportQueries.deadlinesSql(s));
        sql.put("follow-ups and satisfaction", ReportQueries.followUpsSql(s));
        sql.put("service level per channel", ReportQueries.serviceSql(s));
        sql.put("phone abandons", ReportQueries.callsSql(s));
        sql.put("per agent", ReportQueries.agentsSql(s));
        Map<String, String> literal = new LinkedHashMap<>();
        sql.forEach((name, text) -> literal.put(name, text
                .replace(":ws", Long.toString(workspaceId))
                .replace(":from", "'" + period.start() + "'::timestamptz")
                .replace(":to", "'" + period.end() + "'::timestamptz")
                .replace(":zone", "'" + zone.getId() + "'")
                .replace(":now", "'" + now + "'::timestamptz")
                .replace(":threshold", "20.0")));
        return literal;
    }
}
