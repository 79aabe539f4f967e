package io.firstline.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import static io.firstline.support.ConsoleSocket.frame;

import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Wednesday 30 December 2026, with holiday data for 2026 only: readiness warns (and stays UP), the gauge says where
 * the data ends, a complaint's deadlines that reach into 2027 are flagged; an admin loads a year (here a made-up
 * fixture for 2027, NOT the real arrangement, which was not available): new deadlines count it, and the open
 * complaint's flagged deadlines move to the next working day, unflagged, with a history line, re-armed timers and a
 * console frame.
 */
// Readiness shows its components to admins only; this test reads the calendar's warning without logging in.
@TestPropertySource(properties = {"firstline.db.name=firstline_test_calendar",
        "management.endpoint.health.group.readiness.show-details=always"})
@Import(CalendarCoverageTest.DecemberThirtieth.class)
class CalendarCoverageTest extends AppTestBase {

    static final Instant WEDNESDAY_10H = OffsetDateTime.parse("2026-12-30T10:00:00+08:00").toInstant();
    static final long JANUARY_FIRST_2027 = OffsetDateTime.parse("2027-01-01T00:00:00+08:00").toEpochSecond();

    @TestConfiguration
    static class DecemberThirtieth {
        @Bean
        @Primary
        Clock decemberThirtieth() {
            return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), WEDNESDAY_10H));
        }
    }

    @Autowired
    Clock clock;

    @Autowired
    SlaTicker ticker;

    @Override
    protected long webhookNow() {
        return clock.instant().getEpochSecond();
    }

    private JsonNode readiness() {
        return http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode deadlines(long id) {
        return http.get().uri("/api/v1/contacts/" + id).headers(h -> h.setBearerAuth(login("supervisor1")))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().get("deadlines");
    }

    private static JsonNode named(JsonNode deadlines, String name) {
        return StreamSupport.stream(deadlines.spliterator(), false).filter(d -> d.get("name").asString().equals(name))
                .findFirst().orElseThrow();
    }

    private static boolean flagged(JsonNode deadlines, String name) {
        return named(deadlines, name).get("withoutHolidayData").asBoolean();
    }

    private static Instant due(JsonNode deadlines, String name) {
        return OffsetDateTime.parse(named(deadlines, name).get("dueAt").asString()).toInstant();
    }

    private static Instant shanghai(String localDateTime) {
        return OffsetDateTime.parse(localDateTime + "+08:00").toInstant();
    }

    private JsonNode history(long id) {
        return http.get().uri("/api/v1/contacts/" + id + "/history").headers(h -> h.setBearerAuth(login("supervisor1")))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private Instant breachArmedAt(long id, String deadline) {
        return ticker.armed(id).stream()
                .filter(timer -> timer.deadline().equals(deadline) && timer.kind() == io.firstline.sla.SlaTimer.Kind.BREACH)
                .map(io.firstline.sla.SlaTimer::at).findFirst().orElseThrow();
    }

    private double gauge() {
        String body = http.get().uri("/actuator/prometheus")
                .headers(h -> h.setBasicAuth(io.firstline.support.PrometheusScrape.USER, io.firstline.support.PrometheusScrape.PASSWORD))
                .exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return body.lines().filter(line -> line.startsWith("firstline_sla_calendar_covered_until"))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst().orElseThrow();
    }

    static final Map<String, Object> FIXTURE_2027 = Map.of(
            "source", "test fixture: made-up dates, not the State Council's 2027 arrangement",
            "holidays", List.of(Map.of("from", "2027-01-01", "to", "2027-01-03", "label", "fixture holiday")),
            "workdays", List.of(Map.of("date", "2027-01-09", "label", "fixture make-up day (Sat)")));

    @Test
    void withoutNextYearsDataDeadlinesAreFlaggedReadinessWarnsAndAnAdminLoadsTheYearWhichMovesThem() {
        JsonNode ready = readiness();
        assertThat(ready.get("status").asString()).isEqualTo("UP");
        JsonNode calendar = ready.get("components").get("slaCalendar");
        assertThat(calendar.get("status").asString()).isEqualTo("UP");
        assertThat(calendar.get("details").get("coveredUntil").asString()).isEqualTo("2027-01-01");
        assertThat(calendar.get("details").get("warning").asString()).contains("no holiday data from 2027-01-01");
        assertThat(gauge()).isEqualTo((double) JANUARY_FIRST_2027);

        long before = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "投诉: the meter was never read").get("contactId").asLong();
        JsonNode flaggedDeadlines = deadlines(before);
        assertThat(flagged(flaggedDeadlines, "investigate")).isFalse();
        assertThat(flagged(flaggedDeadlines, "reply")).isTrue();
        assertThat(flagged(flaggedDeadlines, "resolve")).isTrue();
        assertThat(flagged(flaggedDeadlines, "acknowledge")).as("24 elapsed hours need no holiday data").isFalse();
        // Weekends only: Thu 31 Dec (1), Fri 1 Jan (2), Mon 4 Jan (3).
        assertThat(due(flaggedDeadlines, "reply")).isEqualTo(shanghai("2027-01-01T18:00:00"));
        assertThat(due(flaggedDeadlines, "resolve")).isEqualTo(shanghai("2027-01-04T18:00:00"));
        Instant investigateDue = due(flaggedDeadlines, "investigate");
        assertThat(breachArmedAt(before, "reply")).isEqualTo(shanghai("2027-01-01T18:00:00"));
        ConsoleSocket supervisorConsole = console(login("supervisor1"));

        String uri = "/api/v1/sla-calendar/years/2027";
        http.put().uri(uri).headers(h -> h.setBearerAuth(login("supervisor1"))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(FIXTURE_2027).exchange().expectStatus().isForbidden();
        http.put().uri(uri).headers(h -> h.setBearerAuth(login("admin"))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("source", "x", "holidays", List.of(Map.of("from", "2027-01-01")),
                        "workdays", List.of(Map.of("date", "2027-01-05"))))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("workdays[0]").contains("tuesday"));
        assertThat(count("SELECT count(*) FROM sla_calendar_year")).isZero();
        assertThat(gauge()).isEqualTo((double) JANUARY_FIRST_2027);

        JsonNode coverage = http.put().uri(uri).headers(h -> h.setBearerAuth(login("admin"))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(FIXTURE_2027).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(coverage.get("coveredUntil").asString()).isEqualTo("2028-01-01");
        assertThat(coverage.get("loaded").get(0).get("loadedBy").asString()).isEqualTo("admin");
        assertThat(count("SELECT count(*) FROM sla_calendar_year WHERE year = 2027 AND loaded_by = 'admin'")).isEqualTo(1);
        assertThat(readiness().get("components").get("slaCalendar").get("details").has("warning")).isFalse();
        assertThat(gauge()).isEqualTo((double) OffsetDateTime.parse("2028-01-01T00:00:00+08:00").toEpochSecond());

        // The complaint still open: nobody holds it, so the supervisors see its deadlines move on the console.
        JsonNode moved = supervisorConsole.await(frame("sla.deadlines_moved", before), WAIT).get("data");
        assertThat(StreamSupport.stream(moved.get("deadlines").spliterator(), false)
                .map(d -> d.get("deadline").asString()).toList()).containsExactlyInAnyOrder("reply", "resolve");
        // Fixture holidays Fri 1 – Sun 3 Jan: Thu 31 Dec (1), Mon 4 Jan (2), Tue 5 Jan (3).
        JsonNode recounted = deadlines(before);
        assertThat(due(recounted, "reply")).isEqualTo(shanghai("2027-01-04T18:00:00"));
        assertThat(due(recounted, "resolve")).isEqualTo(shanghai("2027-01-05T18:00:00"));
        assertThat(StreamSupport.stream(recounted.spliterator(), false)).noneMatch(d -> d.get("withoutHolidayData").asBoolean());
        assertThat(due(recounted, "investigate")).as("within 2026: unchanged").isEqualTo(investigateDue);
        List<String> movedLines = StreamSupport.stream(history(before).spliterator(), false)
                .filter(line -> line.get("kind").asString().equals("deadline_moved"))
                .map(line -> line.get("actor").asString() + ": " + line.get("detail").asString()).toList();
        assertThat(movedLines).containsExactlyInAnyOrder(
                "admin: reply from " + shanghai("2027-01-01T18:00:00") + " to " + shanghai("2027-01-04T18:00:00")
                        + ": holiday data for 2027 loaded by admin",
                "admin: resolve from " + shanghai("2027-01-04T18:00:00") + " to " + shanghai("2027-01-05T18:00:00")
                        + ": holiday data for 2027 loaded by admin");
        // The timers are re-armed from the stored deadlines (asynchronously, after the frame): poll up to WAIT.
        long pollUntil = System.nanoTime() + WAIT.toNanos();
        while (!breachArmedAt(before, "reply").equals(shanghai("2027-01-04T18:00:00")) && System.nanoTime() < pollUntil) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
        assertThat(breachArmedAt(before, "reply")).isEqualTo(shanghai("2027-01-04T18:00:00"));
        supervisorConsole.close();

        // A complaint now: 1–3 January are (fixture) holidays, so reply (2 working days) is Monday 4 January, 18:00.
        long after = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "投诉: still no meter reading").get("contactId").asLong();
        JsonNode counted = deadlines(after);
        assertThat(StreamSupport.stream(counted.spliterator(), false)).noneMatch(d -> d.get("withoutHolidayData").asBoolean());
        JsonNode reply = StreamSupport.stream(counted.spliterator(), false).filter(d -> d.get("name").asString().equals("reply"))
                .findFirst().orElseThrow();
        assertThat(OffsetDateTime.parse(reply.get("dueAt").asString()).toInstant())
                .isEqualTo(OffsetDateTime.parse("2027-01-04T18:00:00+08:00").toInstant());
    }
}
