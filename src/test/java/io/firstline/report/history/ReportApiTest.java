package io.firstline.report.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import io.firstline.support.AppTestBase;
import io.firstline.support.ReportSeed;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The report API against a small seeded week (ReportSeed) whose figures are counted by hand here: periods in the
 * workspace's time zone (Asia/Shanghai), Monday-based weeks, filters, exports as CSV and XLSX with masking and audit.
 */
@TestPropertySource(properties = "firstline.db.name=firstline_test_reports")
class ReportApiTest extends AppTestBase {

    private static boolean seeded;
    private static LocalDate monday;

    @BeforeEach
    void seedOnce() {
        if (!seeded) {
            monday = LocalDate.now(ReportSeed.ZONE).minusWeeks(2).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            new ReportSeed(db, monday).seed();
            seeded = true;
        }
    }

    private JsonNode report(String token, String path) {
        return http.get().uri(path).headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (value.equals(node.get(field).asString())) {
                return node;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }

    @Test
    void theWeeklyReportMatchesTheHandCount() {
        JsonNode week = report(login("supervisor1"), "/api/v1/reports/weekly?from=" + monday.plusDays(2));
        // Any day of the week gives its Monday-based week.
        assertThat(week.get("from").asString()).isEqualTo(monday.toString());
        assertThat(week.get("to").asString()).isEqualTo(monday.plusDays(7).toString());
        // c1 (webchat complaint), c2 (phone repair), c3 (webchat inquiry, 23:59 on Sunday), c6 (wechat repair);
        // not the Sunday before, nor 00:30 next Monday (which is still Sunday in UTC).
        JsonNode totals = week.get("totals");
        assertThat(totals.get("contacts").asLong()).isEqualTo(4);
        assertThat(totals.get("complaints").asLong()).isEqualTo(1);
        assertThat(totals.get("validComplaints").asLong()).isEqualTo(1);
        assertThat(totals.get("validComplaintRate").asDouble()).isEqualTo(0.25);
        assertThat(totals.get("resolved").asLong()).isEqualTo(3);
        // c1 (disposition) and c6 (never transferred); c2 was transferred.
        assertThat(totals.get("firstContactResolved").asLong()).isEqualTo(2);
        JsonNode byChannel = week.get("breakdowns").get("byChannel");
        assertThat(find(byChannel, "key", "webchat").get("contacts").asLong()).isEqualTo(2);
        assertThat(find(byChannel, "key", "phone").get("contacts").asLong()).isEqualTo(1);
        assertThat(find(byChannel, "key", "wechat").get("contacts").asLong()).isEqualTo(1);
        assertThat(find(week.get("breakdowns").get("byType"), "key", "repair").get("contacts").asLong()).isEqualTo(2);
        JsonNode causes = week.get("breakdowns").get("byCause");
        assertThat(causes).hasSize(1);
        assertThat(causes.get(0).get("key").asString()).isEqualTo("billing");
        assertThat(causes.get(0).get("label").asString()).isEqualTo("收费 / billing");
        assertThat(causes.get(0).get("complaints").asLong()).isEqualTo(1);

        JsonNode deadlines = week.get("deadlines");
        assertThat(deadlines.get("repairOnTimeRate").asDouble()).isEqualTo(0.5);
        assertThat(deadlines.get("repairOnTimeTarget").asDouble()).isEqualTo(0.98);
        JsonNode inquiry = find(deadlines.get("byKind"), "type", "inquiry");
        assertThat(inquiry.get("open").asLong()).isEqualTo(1);
        assertThat(inquiry.get("openOverdue").asLong()).isEqualTo(1);
        JsonNode repair = find(deadlines.get("byKind"), "type", "repair");
        assertThat(repair.get("onTime").asLong()).isEqualTo(1);
        assertThat(repair.get("late").asLong()).isEqualTo(1);

        JsonNode followUps = week.get("followUps");
        assertThat(followUps.get("total").asLong()).isEqualTo(3);
        assertThat(followUps.get("done").asLong()).isEqualTo(2);
        assertThat(followUps.get("overdue").asLong()).isEqualTo(1);
        assertThat(followUps.get("completionRate").asDouble()).isCloseTo(2.0 / 3, within(1e-9));
        JsonNode satisfaction = week.get("satisfaction");
        assertThat(satisfaction.get("mean").asDouble()).isEqualTo(3.5);
        assertThat(satisfaction.get("distribution").get("2").asLong()).isEqualTo(1);
        assertThat(satisfaction.get("distribution").get("5").asLong()).isEqualTo(1);
        assertThat(satisfaction.get("lowShare").asDouble()).isEqualTo(0.5);

        JsonNode webchat = find(week.get("service"), "channel", "webchat");
        assertThat(webchat.get("answered").asLong()).isEqualTo(2);
        assertThat(webchat.get("serviceLevel").asDouble()).isEqualTo(0.5);
        assertThat(webchat.get("averageSpeedOfAnswerSeconds").asDouble()).isEqualTo(35.0);
        assertThat(find(week.get("service"), "channel", "phone").get("abandonRate").asDouble()).isEqualTo(0.0);

        JsonNode agent1 = find(week.get("agents"), "username", "agent1");
        assertThat(agent1.get("handled").asLong()).isEqualTo(1);
        assertThat(agent1.get("firstResponderOf").asLong()).isEqualTo(2);
        assertThat(agent1.get("onTimeRate").asDouble()).isEqualTo(1.0);
        assertThat(agent1.get("complaintsAgainst").asLong()).isEqualTo(1);
        assertThat(agent1.get("meanSatisfaction").asDouble()).isEqualTo(2.0);
        assertThat(agent1.get("averageHandleSeconds").asDouble()).isEqualTo(25 * 3600 - 10);
        JsonNode agent2 = find(week.get("agents"), "username", "agent2");
        assertThat(agent2.get("handled").asLong()).isEqualTo(2);
        assertThat(agent2.get("onTimeRate").asDouble()).isEqualTo(0.5);
        assertThat(agent2.get("meanSatisfaction").asDouble()).isEqualTo(5.0);
    }

    @Autowired
    private ReportRollup rollup;

    /** The report's JSON without the instant it was made at. */
    private JsonNode withoutGeneratedAt(JsonNode report) {
        ((tools.jackson.databind.node.ObjectNode) report).remove("generatedAt");
        return report;
    }

    private long readyDays() {
        return db.sql("SELECT count(*) AS n FROM report_day WHERE ready").map(row -> row.get("n", Long.class)).one()
                .block(WAIT);
    }

    @Test
    void rolledUpDaysGiveTheSameFiguresAsTheContactsAndAWriteTakesItsDayOut() {
        String supervisor = login("supervisor1");
        java.util.List<String> paths = java.util.List.of("/api/v1/reports/weekly?from=" + monday,
                "/api/v1/reports/range?from=" + monday.minusDays(1) + "&to=" + monday.plusDays(7),
                "/api/v1/reports/weekly?from=" + monday + "&agent=agent2",
                "/api/v1/reports/weekly?from=" + monday + "&channel=webchat");
        java.util.List<JsonNode> live = paths.stream().map(path -> withoutGeneratedAt(report(supervisor, path))).toList();
        long ws = db.sql("SELECT id FROM workspace WHERE code = 'demo'").map(row -> row.get("id", Long.class)).one().block(WAIT);
        LocalDate today = LocalDate.now(ReportSeed.ZONE);
        rollup.catchUp(ws, ReportSeed.ZONE, today, 30).block(Duration.ofMinutes(1));
        long ready = readyDays();
        assertThat(ready).isEqualTo(30);
        for (int i = 0; i < paths.size(); i++) {
            assertThat(withoutGeneratedAt(report(supervisor, paths.get(i)))).as(paths.get(i)).isEqualTo(live.get(i));
        }
        // Any write to a contact of a rolled-up day takes the day out until the next build; the figures stay right.
        db.sql("UPDATE contact SET updated_at = updated_at WHERE customer_handle = 'demo:v3'").then().block(WAIT);
        assertThat(readyDays()).isEqualTo(ready - 1);
        assertThat(withoutGeneratedAt(report(supervisor, paths.get(0)))).isEqualTo(live.get(0));
        rollup.catchUp(ws, ReportSeed.ZONE, today, 30).block(Duration.ofMinutes(1));
        assertThat(readyDays()).isEqualTo(ready);
    }

    @Test
    void eachReportIsTimedForTheOperationsBoard() {
        report(login("supervisor1"), "/api/v1/reports/monthly?from=" + monday);
        String body = http.get().uri("/actuator/prometheus")
                .headers(h -> h.setBasicAuth(io.firstline.support.PrometheusScrape.USER, io.firstline.support.PrometheusScrape.PASSWORD))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(new io.firstline.support.PrometheusScrape(body)
                .valueOrZero("firstline_report_generation_seconds_count", "report", "monthly")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void daysEndAtLocalMidnightAndFiltersNarrowTheContacts() {
        String supervisor = login("supervisor1");
        JsonNode nextMonday = report(supervisor, "/api/v1/reports/daily?from=" + monday.plusDays(7));
        assertThat(nextMonday.get("totals").get("contacts").asLong()).isEqualTo(1);
        assertThat(nextMonday.get("breakdowns").get("byChannel").get(0).get("key").asString()).isEqualTo("email");
        assertThat(report(supervisor, "/api/v1/reports/daily?from=" + monday.plusDays(6)).get("totals").get("contacts").asLong())
                .isEqualTo(1);
        JsonNode range = report(supervisor, "/api/v1/reports/range?from=" + monday.minusDays(1) + "&to=" + monday.plusDays(7));
        assertThat(range.get("totals").get("contacts").asLong()).isEqualTo(6);
        assertThat(range.get("breakdowns").get("byCause").get(0).get("complaints").asLong()).isEqualTo(2);
        String week = "/api/v1/reports/weekly?from=" + monday;
        assertThat(report(supervisor, week + "&channel=webchat").get("totals").get("contacts").asLong()).isEqualTo(2);
        assertThat(report(supervisor, week + "&agent=agent2").get("totals").get("contacts").asLong()).isEqualTo(2);
        assertThat(report(supervisor, week + "&queue=phone").get("totals").get("contacts").asLong()).isEqualTo(1);
        assertThat(report(login("manager1"), week).get("totals").get("contacts").asLong()).isEqualTo(4);
    }

    @Test
    void badParametersAreProblemsAndAgentsMayNotReadReports() {
        String supervisor = login("supervisor1");
        http.get().uri("/api/v1/reports/weekly?from=last-week&queue=nope&agent=ghost").headers(h -> h.setBearerAuth(supervisor))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("from must be a date"));
        http.get().uri("/api/v1/reports/weekly?queue=nope&agent=ghost").headers(h -> h.setBearerAuth(supervisor))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d)
                        .contains("queue 'nope' does not exist").contains("agent 'ghost' does not exist"));
        http.get().uri("/api/v1/reports/range?from=2026-11-10").headers(h -> h.setBearerAuth(supervisor))
                .exchange().expectStatus().isBadRequest();
        http.get().uri("/api/v1/reports/weekly?format=pdf").headers(h -> h.setBearerAuth(supervisor))
                .exchange().expectStatus().isBadRequest();
        http.get().uri("/api/v1/reports/weekly/contacts?figure=everything").headers(h -> h.setBearerAuth(supervisor))
                .exchange().expectStatus().isBadRequest();
        http.get().uri("/api/v1/reports/weekly").headers(h -> h.setBearerAuth(login("agent1")))
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void exportsAreCsvWithBomAndXlsxMaskedByRoleAndAudited() throws Exception {
        String supervisor = login("supervisor1");
        long audited = count("SELECT count(*) FROM report_export");
        byte[] csv = http.get().uri("/api/v1/reports/weekly?from=" + monday + "&format=csv").headers(h -> h.setBearerAuth(supervisor))
                .exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/csv")
                .expectHeader().value("Content-Disposition", v -> assertThat(v).contains("report-weekly-" + monday + ".csv"))
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(Arrays.copyOf(csv, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        assertThat(text).contains("contacts,4\r\n").contains("billing,收费 / billing,1,1");

        byte[] xlsx = http.get().uri("/api/v1/reports/weekly?from=" + monday).headers(h -> {
                    h.setBearerAuth(supervisor);
                    h.setAccept(java.util.List.of(MediaType.parseMediaType(
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")));
                })
                .exchange().expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet summary = workbook.getSheet("summary");
            Row contacts = summary.getRow(6);
            assertThat(contacts.getCell(0).getStringCellValue()).isEqualTo("contacts");
            assertThat(contacts.getCell(1).getNumericCellValue()).isEqualTo(4.0);
            assertThat(workbook.getSheet("agents").getRow(1).getCell(0).getStringCellValue()).isEqualTo("agent1");
        }

        // The contacts behind a figure: phone numbers masked for a supervisor, shown to an admin.
        String repairs = "/api/v1/reports/weekly/contacts?from=" + monday + "&figure=type:repair&format=csv";
        String masked = new String(http.get().uri(repairs).headers(h -> h.setBearerAuth(supervisor)).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody(), StandardCharsets.UTF_8);
        assertThat(masked).contains("861****5678").doesNotContain("13812345678").contains("wx-open-id-6");
        assertThat(masked.lines().count()).isEqualTo(3);
        String shown = new String(http.get().uri(repairs).headers(h -> h.setBearerAuth(login("admin"))).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody(), StandardCharsets.UTF_8);
        assertThat(shown).contains("+8613812345678");
        byte[] complaints = http.get().uri("/api/v1/reports/range/contacts?from=" + monday.minusDays(1) + "&to=" + monday.plusDays(7)
                        + "&figure=cause:billing&format=xlsx").headers(h -> h.setBearerAuth(supervisor))
                .exchange().expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(complaints))) {
            Sheet sheet = workbook.getSheet("contacts");
            assertThat(sheet.getLastRowNum()).isEqualTo(2);
            assertThat(sheet.getRow(2).getCell(8).getStringCellValue()).isEqualTo("m***@example.com");
        }
        http.get().uri("/api/v1/reports/weekly/contacts?from=" + monday + "&figure=complaints").headers(h -> h.setBearerAuth(supervisor))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].type").isEqualTo("complaint");

        // The JSON report is not an export; the four files and the two contact lists (CSV twice, XLSX, JSON) are,
        // each with who, what and whether it was masked.
        assertThat(count("SELECT count(*) FROM report_export") - audited).isEqualTo(6);
        assertThat(count("SELECT count(*) FROM report_export e JOIN agent a ON a.id = e.agent_id"
                + " WHERE a.username = 'admin' AND NOT e.masked AND e.what = 'contacts:type:repair'")).isOne();
    }
}
