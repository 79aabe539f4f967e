package io.firstline.report.history;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's statements exactly as {@link ReportQueries} runs them, with their parameters written in as literals,
 * for the benchmark to {@code EXPLAIN (ANALYZE, BUFFERS)} over JDBC (bench sources only).
 */
public final class ReportPlans {

    private ReportPlans() {
    }

    /**
     * Statement name → SQL, for the contacts opened in [from, to) of the workspace (no filters), the {@code readyDays}
     * read from the roll-up as the app does.
     */
    public static Map<String, String> statements(long workspaceId, LocalDate from, LocalDate to, ZoneId zone, Instant now,
                                                 List<LocalDate> readyDays) {
        ReportPeriod period = new ReportPeriod(ReportKind.RANGE, from, to, zone);
        ReportQueries.Selection s = ReportQueries.Selection.of(workspaceId, period, ReportFilters.NONE, 20.0, readyDays);
        Map<String, String> sql = new LinkedHashMap<>();
        sql.put("breakdowns (grouping sets)", ReportQueries.breakdownsSql(s));
        sql.put("contacts per day", ReportQueries.perDaySql(s));
        sql.put("deadline compliance", ReportQueries.deadlinesSql(s));
        sql.put("follow-ups and satisfaction", ReportQueries.followUpsSql(s));
        sql.put("service level per channel", ReportQueries.serviceSql(s));
        sql.put("phone abandons", ReportQueries.callsSql(s));
        sql.put("per agent", ReportQueries.agentsSql(s));
        Map<String, Object> binds = new LinkedHashMap<>(s.binds());
        binds.put("now", now);
        List<String> names = new ArrayList<>(binds.keySet());
        names.sort(Comparator.comparingInt(String::length).reversed()); // :live0from before :from
        Map<String, String> literal = new LinkedHashMap<>();
        sql.forEach((name, text) -> {
            String written = text;
            for (String bind : names) {
                written = written.replace(":" + bind, literal(binds.get(bind)));
            }
            literal.put(name, written);
        });
        return literal;
    }

    private static String literal(Object value) {
        if (value instanceof Instant instant) {
            return "'" + instant + "'::timestamptz";
        }
        if (value instanceof LocalDate date) {
            return "'" + date + "'::date";
        }
        if (value instanceof String text) {
            return "'" + text.replace("'", "''") + "'";
        }
        return String.valueOf(value);
    }
}
