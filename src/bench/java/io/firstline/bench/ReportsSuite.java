package io.firstline.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.firstline.bench.support.ApiClient;
import io.firstline.bench.support.BenchSettings;
import io.firstline.bench.support.ChildProcess;
import io.firstline.bench.support.Markdown;
import io.firstline.bench.support.Ports;
import io.firstline.report.history.ReportPlans;

/**
 * Reports over 1,000,000 contacts (DESIGN §5: a monthly report under 1 s, a 90-day range under 2 s; exports streamed,
 * heap flat in the row count). The app generates 90 days of history up to yesterday at start-up
 * ({@code firstline.demo.history-*}, SQL {@code generate_series}: contacts with two messages, three events, a
 * deadline, follow-ups for complaints and repairs), then this suite times each report ({@code bench.reports.runs}
 * runs after one warm-up; median and fastest), exports the 90 days' contacts as CSV and XLSX while sampling the
 * app's heap, and EXPLAINs every statement of the monthly report. Baseline in the same run: a bare
 * {@code count(*)} of the month's contacts over JDBC. Sections go to docs/benchmarks.md and docs/reports.md.
 */
public final class ReportsSuite implements BenchSuite {

    static final String DB_NAME = "firstline_bench_reports";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String SCRAPE_PASSWORD = "bench-scrape";
    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\",id=\"([^\"]+)\"[^}]*} ([0-9.E+]+)");

    @Override
    public String name() {
        return "reports";
    }

    @Override
    public String run(BenchEnvironment environment) throws Exception {
        int perDay = BenchSettings.integer("bench.reports.per-day", 11_112);
        int days = 90;
        int runs = BenchSettings.integer("bench.reports.runs", 5);
        String heapLimit = System.getProperty("bench.reports.app-heap", "512m");
        LocalDate today = LocalDate.now(ZONE);
        long started = System.nanoTime();
        try (ChildProcess app = startApp(environment, days, perDay, heapLimit);
             ApiClient api = new ApiClient(app.baseUrl(), 4)) {
            Duration seeding = Duration.ofNanos(System.nanoTime() - started);
            long contacts;
            try (Connection jdbc = jdbc()) {
                try (Statement st = jdbc.createStatement()) {
                    st.execute("VACUUM ANALYZE");
                }
                contacts = scalar(jdbc, "SELECT count(*) FROM contact");
            }
            String token = api.login("supervisor1", "demo").block(Duration.ofSeconds(30));
            LocalDate yesterday = today.minusDays(1);
            LocalDate lastMonday = today.minusWeeks(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            LocalDate lastMonth = today.minusMonths(1).withDayOfMonth(1);
            LocalDate first = yesterday.minusDays(days - 1L);
            Map<String, String> reports = new LinkedHashMap<>();
            reports.put("daily (yesterday)", "/api/v1/reports/daily?from=" + yesterday);
            reports.put("weekly (last week)", "/api/v1/reports/weekly?from=" + lastMonday);
            reports.put("monthly (last month)", "/api/v1/reports/monthly?from=" + lastMonth.toString().substring(0, 7));
            reports.put("range (90 days)", "/api/v1/reports/range?from=" + first + "&to=" + yesterday);
            reports.put("weekly, one agent", "/api/v1/reports/weekly?from=" + lastMonday + "&agent=agent1");

            Markdown timings = new Markdown("report", "contacts in it", "median", "fastest", "target");
            for (Map.Entry<String, String> report : reports.entrySet()) {
                List<Long> ms = new ArrayList<>();
                String body = null;
                for (int i = 0; i <= runs; i++) {
                    long t0 = System.nanoTime();
                    var answer = api.get(report.getValue(), token).block(Duration.ofMinutes(2));
                    long elapsed = (System.nanoTime() - t0) / 1_000_000;
                    if (answer == null || answer.status() != 200) {
                        throw new IllegalStateException(report.getKey() + ": " + (answer == null ? "no answer" : answer.status() + " " + answer.body()));
                    }
                    body = answer.body();
                    if (i > 0) {
                        ms.add(elapsed);
                    }
                }
                Collections.sort(ms);
                Matcher total = Pattern.compile("\"totals\":\\{\"contacts\":(\\d+)").matcher(body);
                String target = report.getKey().startsWith("monthly") ? "< 1 s" : report.getKey().startsWith("range") ? "< 2 s" : "—";
                timings.row(report.getKey(), total.find() ? String.format(Locale.ROOT, "%,d", Long.parseLong(total.group(1))) : "?",
                        ms.get(ms.size() / 2) + " ms", ms.get(0) + " ms", target);
            }
            long baselineMs;
            try (Connection jdbc = jdbc()) {
                long ws = scalar(jdbc, "SELECT id FROM workspace WHERE code = 'demo'");
                LocalDate monthEnd = lastMonth.plusMonths(1);
                long t0 = System.nanoTime();
                scalar(jdbc, "SELECT count(*) FROM contact WHERE workspace_id = " + ws + " AND opened_at >= '"
                        + lastMonth.atStartOfDay(ZONE).toInstant() + "' AND opened_at < '" + monthEnd.atStartOfDay(ZONE).toInstant() + "'");
                baselineMs = (System.nanoTime() - t0) / 1_000_000;
            }

            Markdown exports = new Markdown("export (90 days, every contact)", "rows", "bytes", "time", "app heap before",
                    "app heap max during", "app -Xmx");
            for (String format : List.of("csv", "xlsx")) {
                String path = "/api/v1/reports/range/contacts?from=" + first + "&to=" + yesterday + "&figure=all&format=" + format;
                Export measured = export(app, token, path);
                exports.row(format, String.format(Locale.ROOT, "%,d", contacts), String.format(Locale.ROOT, "%,d", measured.bytes),
                        String.format(Locale.ROOT, "%.1f s", measured.millis / 1000.0), mib(measured.heapBefore),
                        mib(measured.heapMax), heapLimit);
            }

            StringBuilder plans = new StringBuilder();
            try (Connection jdbc = jdbc()) {
                long ws = scalar(jdbc, "SELECT id FROM workspace WHERE code = 'demo'");
                List<LocalDate> ready = new ArrayList<>();
                try (Statement st = jdbc.createStatement(); ResultSet rs = st.executeQuery("SELECT day FROM report_day WHERE ready"
                        + " AND workspace_id = " + ws + " AND zone = '" + ZONE.getId() + "' ORDER BY day")) {
                    while (rs.next()) {
                        ready.add(rs.getObject(1, LocalDate.class));
                    }
                }
                Map<String, String> statements = new LinkedHashMap<>();
                ReportPlans.statements(ws, lastMonth, lastMonth.plusMonths(1), ZONE, Instant.now(), ready)
                        .forEach((name, sql) -> statements.put("monthly: " + name, sql));
                ReportPlans.statements(ws, first, today, ZONE, Instant.now(), ready)
                        .forEach((name, sql) -> statements.put("range (90 days): " + name, sql));
                try (Statement st = jdbc.createStatement()) {
                    st.execute("SET jit = off"); // as the app runs them (ReportQueries.withoutJit)
                }
                for (Map.Entry<String, String> statement : statements.entrySet()) {
                    plans.append("#### ").append(statement.getKey()).append("\n```\n");
                    try (Statement st = jdbc.createStatement();
                         ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + statement.getValue())) {
                        while (rs.next()) {
                            plans.append(rs.getString(1)).append('\n');
                        }
                    }
                    plans.append("```\n\n");
                }
            }

            String section = "## Reports over 1,000,000 contacts (issue 11)\n"
                    + "`mvn -Pbench -Dbench=reports` — " + String.format(Locale.ROOT, "%,d", contacts) + " contacts over " + days
                    + " days (" + perDay + " a day; with messages, events, deadlines and follow-ups), " + (Boolean.getBoolean("bench.reports.reuse")
                    ? "generated by an earlier run (`-Dbench.jvm=\"-Xmx2g -Dbench.reports.reuse=true\"`; start-up with the roll-up's "
                    + "catch-up " + BenchSettings.seconds(seeding) + ")."
                    : "generated by the app at start-up in " + BenchSettings.seconds(seeding) + " (start-up and roll-up included).")
                    + " Each report: " + runs
                    + " runs after one warm-up, over HTTP (JSON) as a supervisor.\n\n" + timings
                    + "\nBaseline, same run: `count(*)` of last month's contacts over JDBC: " + baselineMs + " ms.\n\n"
                    + exports
                    + "\nThe heap is the app's `jvm_memory_used_bytes{area=\"heap\"}` (all pools), sampled every 250 ms during the export."
                    + " Load average when the suite ended: " + loadAverage() + " (2 cores, shared).\n";
            new BenchReport(environment.projectDir().resolve("docs/reports.md")).put("reports-plans",
                    "### EXPLAIN (ANALYZE, BUFFERS) of the monthly and the 90-day range report's statements\n\n" + plans, environment.machine());
            return section;
        }
    }

    private record Export(long bytes, long millis, double heapBefore, double heapMax) {
    }

    private static Export export(ChildProcess app, String token, String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        double before = heap(http, app);
        AtomicLong max = new AtomicLong(Double.doubleToLongBits(before));
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    double now = heap(http, app);
                    if (now > Double.longBitsToDouble(max.get())) {
                        max.set(Double.doubleToLongBits(now));
                    }
                    Thread.sleep(250); // the sampling interval
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a missed sample
                }
            }
        }, "heap-sampler");
        sampler.start();
        long t0 = System.nanoTime();
        long bytes = 0;
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(30)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + response.statusCode());
        }
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[65536];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                bytes += read;
            }
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        sampler.interrupt();
        sampler.join();
        return new Export(bytes, millis, before, Double.longBitsToDouble(max.get()));
    }

    private static double heap(HttpClient http, ChildProcess app) throws IOException, InterruptedException {
        // The metrics need the scraper's credential (docs/operations.md); a refusal must not read as an empty heap.
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/actuator/prometheus"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        ("prometheus:" + SCRAPE_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("/actuator/prometheus answered " + response.statusCode());
        }
        String metrics = response.body();
        double sum = 0;
        Matcher m = HEAP.matcher(metrics);
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
        }
        return sum;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String mib(double bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1024 / 1024);
    }

    private static ChildProcess startApp(BenchEnvironment environment, int days, int perDay, String heap)
            throws IOException, InterruptedException {
        int port = Ports.free();
        // -Dbench.reports.reuse=true keeps the database of the last run (its history is not generated again).
        boolean reuse = Boolean.getBoolean("bench.reports.reuse");
        List<String> args = List.of("--server.port=" + port, "--spring.profiles.active=demo", "--server.address=127.0.0.1",
                "--firstline.db.host=127.0.0.1", "--firstline.db.name=" + DB_NAME, "--firstline.db.clean-on-start=" + !reuse,
                "--spring.flyway.clean-disabled=false", "--firstline.simulator.enabled=false",
                "--firstline.reports.schedule-enabled=false", "--firstline.metrics.scrape-password=" + SCRAPE_PASSWORD,
                "--firstline.demo.history-days=" + days,
                "--firstline.demo.history-per-day=" + perDay, "--firstline.demo.history-timeout=60m");
        ChildProcess app = ChildProcess.start(environment.forApp(), "reports-app", List.of("-Xmx" + heap),
                "io.firstline.FirstlineApplication", args, port);
        app.awaitReady("/actuator/health/readiness", Duration.ofMinutes(60));
        return app;
    }

    private static Connection jdbc() throws Exception {
        String port = System.getenv().getOrDefault("FIRSTLINE_DB_PORT", "5432");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + DB_NAME, "postgres", "");
    }

    private static long scalar(Connection jdbc, String sql) throws Exception {
        try (Statement st = jdbc.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
