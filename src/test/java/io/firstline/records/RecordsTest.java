package io.firstline.records;

import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.ShiftedClock;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Records (DOMAIN §7): history and messages are append-only in the database; every step is readable with who and
 * when; a manager's legal hold, with a reason and audited, keeps a contact past its retention, which the purge
 * otherwise ends. The app's clock is moved on by months; nothing waits.
 */
@TestPropertySource(properties = {"firstline.db.name=firstline_test_records",
        "firstline.records.retention.complaint=365d", "firstline.records.retention.inquiry=30d"})
@Import(RecordsTest.Movable.class)
class RecordsTest extends AppTestBase {

    @TestConfiguration
    static class Movable {
        @Bean
        @Primary
        ShiftedClock movableClock() {
            return new ShiftedClock(Duration.ZERO);
        }
    }

    @Autowired
    ShiftedClock clock;
    @Autowired
    RetentionPurge purge;

    @Override
    protected long webhookNow() {
        return clock.instant().getEpochSecond();
    }

    private long accepted(String token, ConsoleSocket console, String text) {
        long id = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), text).get("contactId").asLong();
        String offerId = console.await(frame("offer", id), WAIT).get("data").get("offerId").asString();
        http.post().uri("/api/v1/offers/" + offerId + "/accept").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();
        return id;
    }

    private JsonNode post(String uri, String token, Object body, int status) {
        return http.post().uri(uri).headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isEqualTo(status).expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void historyAndMessagesCannotBeChangedOrRemovedInTheDatabase() {
        long id = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "is the office open on Saturday?").get("contactId").asLong();

        assertThatThrownBy(() -> db.sql("UPDATE contact_event SET actor = 'someone else' WHERE contact_id = $1").bind(0, id)
                .then().block(WAIT)).hasMessageContaining("contact_event is append-only");
        assertThatThrownBy(() -> db.sql("DELETE FROM message WHERE contact_id = $1").bind(0, id).then().block(WAIT))
                .hasMessageContaining("message is append-only");
        assertThatThrownBy(() -> db.sql("UPDATE message SET body = 'rewritten' WHERE contact_id = $1").bind(0, id).then().block(WAIT))
                .hasMessageContaining("message is append-only");
        assertThat(count("SELECT count(*) FROM message WHERE contact_id = $1 AND body = 'is the office open on Saturday?'", id)).isEqualTo(1);
    }

    @Test
    void theHistoryListsEveryStepWithWhoAndWhen() {
        String token = login("agent1");
        setState(token, "available");
        ConsoleSocket console = console(token);
        long id = accepted(token, console, "my invoice is missing");
        post("/api/v1/contacts/" + id + "/notes", token, Map.of("text", "asked billing"), 201);
        post("/api/v1/contacts/" + id + "/resolve", token, Map.of(), 200);

        JsonNode history = http.get().uri("/api/v1/contacts/" + id + "/history").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(history).extracting(step -> step.get("kind").asString())
                .containsSubsequence("received", "queued", "accepted", "resolved");
        assertThat(history).allSatisfy(step -> {
            assertThat(step.get("actor").asString()).isNotBlank();
            assertThat(step.get("at").asString()).isNotBlank();
        });
        assertThat(history).anySatisfy(step -> {
            assertThat(step.get("kind").asString()).isEqualTo("accepted");
            assertThat(step.get("actor").asString()).isEqualTo("agent1");
        });
        http.get().uri("/api/v1/contacts/" + id + "/history").headers(h -> h.setBearerAuth(login("agent2")))
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void aLegalHoldKeepsAContactPastItsRetentionWhileThePurgeEndsTheOthers() {
        String token = login("agent2");
        setState(token, "available");
        ConsoleSocket console = console(token);
        long held = accepted(token, console, "投诉: water damage from the flat above");
        long complaint = accepted(token, console, "投诉: the bill was doubled");
        long inquiry = accepted(token, console, "when do you open?");
        for (long id : List.of(held, complaint)) {
            post("/api/v1/contacts/" + id + "/resolve", token, Map.of(), 200);
            post("/api/v1/contacts/" + id + "/follow-up", token, Map.of("outcome", "reached", "satisfaction", 4), 200);
        }
        post("/api/v1/contacts/" + inquiry + "/resolve", token, Map.of(), 200);

        String uri = "/api/v1/contacts/" + held + "/legal-hold";
        post(uri, login("supervisor1"), Map.of("hold", true, "reason", "court case"), 403);
        post(uri, login("manager1"), Map.of("hold", true), 400);
        JsonNode set = post(uri, login("manager1"), Map.of("hold", true, "reason", "insurance claim pending, keep until settled"), 200);
        assertThat(set.get("legalHold").asBoolean()).isTrue();
        post(uri, login("manager1"), Map.of("hold", true, "reason", "again"), 409);
        assertThat(count("SELECT count(*) FROM legal_hold_event WHERE contact_id = $1 AND action = 'set' AND actor = 'manager1'", held))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind = 'legal_hold_set'", held)).isEqualTo(1);

        // 40 days on: the inquiry (30 days) goes; complaints are kept a year.
        clock.advance(Duration.ofDays(40));
        drain();
        assertPurged(inquiry);
        assertKept(held);
        assertKept(complaint);

        // 400 days on: the complaint goes, the one under legal hold stays, whole.
        clock.advance(Duration.ofDays(360));
        drain();
        assertPurged(complaint);
        assertKept(held);
        // Even the purge's own switch cannot remove it while it is held.
        assertThatThrownBy(() -> db.sql("DELETE FROM message WHERE contact_id = $1 AND set_config('firstline.purge', 'on', true) = 'on'")
                .bind(0, held).then().block(WAIT))
                .hasMessageContaining("append-only");

        // Lifted (with its reason, audited): the next purge ends it too.
        JsonNode lifted = post(uri, login("manager1"), Map.of("hold", false, "reason", "claim settled"), 200);
        assertThat(lifted.get("events")).extracting(e -> e.get("action").asString()).containsExactly("set", "lifted");
        drain();
        assertPurged(held);
        assertThat(count("SELECT count(*) FROM legal_hold_event WHERE contact_id = $1", held)).isEqualTo(2);
    }

    private void drain() {
        while (!purge.purgeOnce().block(WAIT).isEmpty()) {
            // batch after batch until nothing is due
        }
    }

    private void assertPurged(long id) {
        assertThat(count("SELECT count(*) FROM contact WHERE id = $1 AND purged_at IS NOT NULL", id)).as("purged " + id).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM message WHERE contact_id = $1", id)).isZero();
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1", id)).isZero();
    }

    private void assertKept(long id) {
        assertThat(count("SELECT count(*) FROM contact WHERE id = $1 AND purged_at IS NULL", id)).as("kept " + id).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM message WHERE contact_id = $1", id)).isPositive();
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1", id)).isPositive();
    }
}
