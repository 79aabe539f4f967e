package io.firstline.report.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.firstline.support.AppTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The demo's generated history (here 90 days of 20 contacts): there before the app is ready, last week's report
 * shows it, the figures are the same at every generation (no random()), and a restart adds nothing.
 */
@TestPropertySource(properties = {"firstline.db.name=firstline_test_reports_history", "firstline.demo.history-days=90",
        "firstline.demo.history-per-day=20"})
class DemoHistoryTest extends AppTestBase {

    @Autowired
    DemoHistory history;

    @Test
    void ninetyDaysOfDeterministicHistoryEndYesterdayAndShowInLastWeeksReport() {
        assertThat(count("SELECT count(*) FROM contact WHERE customer_handle LIKE 'history:%'")).isEqualTo(1800);
        assertThat(count("SELECT count(*) FROM message m JOIN contact c ON c.id = m.contact_id"
                + " WHERE c.customer_handle LIKE 'history:%'")).isEqualTo(3600);
        JsonNode week = http.get().uri("/api/v1/reports/weekly").headers(h -> h.setBearerAuth(login("supervisor1")))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(week.get("totals").get("contacts").asLong()).isEqualTo(140);
        // Deterministic: every generation of 90 × 20 has these (whatever the date).
        assertThat(count("SELECT count(*) FROM contact WHERE type = 'complaint'")).isEqualTo(270);
        assertThat(count("SELECT count(*) FROM contact WHERE complaint_valid")).isEqualTo(17);
        assertThat(count("SELECT sum(satisfaction) FROM follow_up")).isEqualTo(3145);
        history.generate();
        assertThat(count("SELECT count(*) FROM contact WHERE customer_handle LIKE 'history:%'")).isEqualTo(1800);
    }
}
