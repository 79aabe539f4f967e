package io.firstline.report.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * On the first working day of December at 08:30 the daily report on November 30 and the monthly report on November are
 * made, archived once, listed at /api/v1/reports/archive and pushed to supervisors and managers as report.ready.
 */
@TestPropertySource(properties = "firstline.db.name=firstline_test_reports_schedule")
class ScheduledReportsTest extends AppTestBase {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Autowired
    ScheduledReports scheduled;

    @Test
    void theDailyAndMonthlyReportsAreArchivedOnceAndAnnouncedToSupervisors() {
        ConsoleSocket supervisor = console(login("supervisor1"));
        ConsoleSocket manager = console(login("manager1"));
        ConsoleSocket agent = console(login("agent1"));

        assertThat(scheduled.runDue(LocalDateTime.parse("2026-12-01T08:29").atZone(ZONE).toInstant()).block(WAIT)).isEmpty();
        List<ReportArchive.Archived> made = scheduled.runDue(LocalDateTime.parse("2026-12-01T08:30").atZone(ZONE).toInstant())
                .block(WAIT);
        assertThat(made).extracting(ReportArchive.Archived::kind).containsExactly("daily", "monthly");
        assertThat(made.get(0).from()).hasToString("2026-11-30");
        assertThat(made.get(1).from()).hasToString("2026-11-01");
        // Looking again (a later tick, a restart) makes nothing twice.
        assertThat(scheduled.runDue(LocalDateTime.parse("2026-12-01T09:30").atZone(ZONE).toInstant()).block(WAIT)).isEmpty();

        for (ConsoleSocket overseer : List.of(supervisor, manager)) {
            JsonNode ready = overseer.await(frame -> frame.get("type").asString().equals("report.ready")
                    && frame.get("data").get("kind").asString().equals("monthly"), WAIT);
            assertThat(ready.get("data").get("from").asString()).isEqualTo("2026-11-01");
            assertThat(ready.get("data").get("archiveId").asLong()).isEqualTo(made.get(1).id());
        }
        String token = login("supervisor1");
        http.get().uri("/api/v1/reports/archive").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].kind").isEqualTo("daily").jsonPath("$[1].kind").isEqualTo("monthly");
        http.get().uri("/api/v1/reports/archive/" + made.get(1).id()).headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.kind").isEqualTo("monthly")
                .jsonPath("$.from").isEqualTo("2026-11-01").jsonPath("$.totals.contacts").isNumber();
        http.get().uri("/api/v1/reports/archive").headers(h -> h.setBearerAuth(login("agent1"))).exchange()
                .expectStatus().isForbidden();
        assertThat(agent.received().stream().noneMatch(f -> f.get("type").asString().equals("report.ready"))).isTrue();
    }
}
