package io.firstline.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import io.firstline.sla.Deadline;
import io.firstline.support.AppTestBase;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What a Prometheus scrape shows about deadlines. */
class SlaMetricsTest extends AppTestBase {

    @Autowired
    SlaMetrics metrics;
    @Autowired
    ContactDeadlines deadlines;

    private double gauge(String name) {
        String body = http.get().uri("/actuator/prometheus").headers(h -> h.setBasicAuth("prometheus", "firstline-demo-scrape")).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return body.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not exported"));
    }

    @Test
    void anOpenContactPastItsWarningCountsAsAtRisk() {
        metrics.refresh().block(WAIT);
        double before = gauge("firstline_sla_contacts_at_risk");
        long id = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "hello").get("contactId").asLong();
        Instant now = Instant.now();
        deadlines.replace(id, List.of(new Deadline("reply", now.plus(Duration.ofHours(1)), now.minusSeconds(60)))).block(WAIT);
        deadlines.markWarned(id, "reply", now).block(WAIT);

        metrics.refresh().block(WAIT);

        assertThat(gauge("firstline_sla_contacts_at_risk")).isEqualTo(before + 1);
        assertThat(gauge("firstline_followups_due")).isGreaterThanOrEqualTo(0);
    }
}
