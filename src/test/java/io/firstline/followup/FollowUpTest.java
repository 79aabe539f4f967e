package io.firstline.followup;

import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** The closed loop: resolve, follow up, and reopen for the first responder when the customer is not satisfied. */
class FollowUpTest extends AppTestBase {

    private long acceptedComplaint(String token, ConsoleSocket console) {
        long id = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "投诉: nobody came to fix the leak").get("contactId").asLong();
        String offerId = console.await(frame("offer", id), WAIT).get("data").get("offerId").asString();
        http.post().uri("/api/v1/offers/" + offerId + "/accept").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();
        return id;
    }

    private JsonNode post(String uri, String token, Object body) {
        return http.post().uri(uri).headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void anUnsatisfiedCustomerReopensTheContactForItsFirstResponderWithFreshDeadlines() {
        String token = login("agent1");
        setState(token, "available");
        ConsoleSocket console = console(token);
        long id = acceptedComplaint(token, console);
        long agent1 = agentId("agent1");

        JsonNode resolved = post("/api/v1/contacts/" + id + "/resolve", token, Map.of());
        assertThat(resolved.get("status").asString()).isEqualTo("follow_up");
        JsonNode task = console.await(f -> "follow_up.due".equals(f.path("type").asString())
                && f.path("data").path("contactId").asLong() == id, WAIT);
        assertThat(task.get("data").get("assigneeId").asLong()).isEqualTo(agent1);
        http.get().uri("/api/v1/follow-ups").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.contactId == " + id + ")].status").isEqualTo("due");
        Instant firstAcknowledgeDue = Instant.parse(stream(resolved.get("deadlines"), "acknowledge").get("dueAt").asString());

        JsonNode reopened = post("/api/v1/contacts/" + id + "/follow-up", token,
                Map.of("outcome", "reached", "satisfaction", 2, "comment", "still leaking"));

        assertThat(reopened.get("status").asString()).isEqualTo("in_progress");
        assertThat(reopened.get("assignee").get("id").asLong()).isEqualTo(agent1);
        assertThat(reopened.get("firstResponder").get("id").asLong()).isEqualTo(agent1);
        // Fresh deadlines count from the reopening: the 24-hour acknowledgement moves on.
        assertThat(Instant.parse(stream(reopened.get("deadlines"), "acknowledge").get("dueAt").asString())).isAfter(firstAcknowledgeDue);
        assertThat(stream(reopened.get("deadlines"), "acknowledge").get("breachedAt").isNull()).isTrue();
        console.await(f -> "contact.reopened".equals(f.path("type").asString()) && f.path("data").path("id").asLong() == id, WAIT);
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind = 'reopened'", id)).isEqualTo(1);

        post("/api/v1/contacts/" + id + "/resolve", token, Map.of());
        JsonNode closed = post("/api/v1/contacts/" + id + "/follow-up", token,
                Map.of("outcome", "reached", "satisfaction", 5, "comment", "fixed, thanks"));
        assertThat(closed.get("status").asString()).isEqualTo("closed");
        assertThat(count("SELECT count(*) FROM follow_up WHERE contact_id = $1 AND status = 'done'", id)).isEqualTo(2);
    }

    @Test
    void theFirstResponderReopensWhenTheCustomerComesBackEvenAfterATransferAndAfterClosing() {
        String token = login("agent1");
        setState(token, "available");
        ConsoleSocket console = console(token);
        long id = acceptedComplaint(token, console);
        long agent1 = agentId("agent1");
        String colleague = login("agent3");
        post("/api/v1/contacts/" + id + "/transfer", token, Map.of("agent", "agent3"));
        assertThat(post("/api/v1/contacts/" + id + "/resolve", colleague, Map.of()).get("status").asString()).isEqualTo("follow_up");

        JsonNode reopened = post("/api/v1/contacts/" + id + "/reopen", token, Map.of("reason", "  the leak is back  "));

        assertThat(reopened.get("status").asString()).isEqualTo("in_progress");
        assertThat(reopened.get("assignee").get("id").asLong()).isEqualTo(agent1);
        assertThat(reopened.get("firstResponder").get("id").asLong()).isEqualTo(agent1);
        console.await(f -> "contact.reopened".equals(f.path("type").asString()) && f.path("data").path("id").asLong() == id, WAIT);
        // The follow-up that was due will not be made: it is neither due nor done.
        assertThat(count("SELECT count(*) FROM follow_up WHERE contact_id = $1 AND status = 'cancelled'", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM follow_up WHERE contact_id = $1 AND status = 'due'", id)).isZero();
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind = 'reopened'"
                + " AND actor = 'agent1' AND detail = 'the leak is back'", id)).isEqualTo(1);

        post("/api/v1/contacts/" + id + "/resolve", token, Map.of());
        assertThat(post("/api/v1/contacts/" + id + "/follow-up", token, Map.of("outcome", "reached", "satisfaction", 4))
                .get("status").asString()).isEqualTo("closed");

        JsonNode again = post("/api/v1/contacts/" + id + "/reopen", login("supervisor1"),
                Map.of("reason", "re-check: the customer says nobody came"));
        assertThat(again.get("status").asString()).isEqualTo("in_progress");
        assertThat(again.get("assignee").get("id").asLong()).isEqualTo(agent1);
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind = 'reopened'", id)).isEqualTo(2);
    }

    @Test
    void reopeningNeedsAReasonTheFirstResponderOrASupervisorAndAFinishedContact() {
        String token = login("agent2");
        setState(token, "available");
        ConsoleSocket console = console(token);
        long id = acceptedComplaint(token, console);

        http.post().uri("/api/v1/contacts/" + id + "/reopen").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "still open"))
                .exchange().expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        post("/api/v1/contacts/" + id + "/resolve", token, Map.of());

        http.post().uri("/api/v1/contacts/" + id + "/reopen").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", " "))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("reason is required"));
        http.post().uri("/api/v1/contacts/" + id + "/reopen").headers(h -> h.setBearerAuth(login("agent4")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "I heard it is broken"))
                .exchange().expectStatus().isForbidden();

        assertThat(count("SELECT count(*) FROM contact WHERE id = $1 AND status = 'follow_up'", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM follow_up WHERE contact_id = $1 AND status = 'due'", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind = 'reopened'", id)).isZero();
    }

    @Test
    void anInvalidFollowUpIsABadRequestAndChangesNothing() {
        String token = login("agent2");
        setState(token, "available");
        ConsoleSocket console = console(token);
        long id = acceptedComplaint(token, console);
        post("/api/v1/contacts/" + id + "/resolve", token, Map.of());

        http.post().uri("/api/v1/contacts/" + id + "/follow-up").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("outcome", "reached", "satisfaction", 7))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("satisfaction must be between 1 and 5");

        assertThat(count("SELECT count(*) FROM follow_up WHERE contact_id = $1 AND status = 'due'", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM contact WHERE id = $1 AND status = 'follow_up'", id)).isEqualTo(1);
    }

    @Test
    void onlyTheAssigneeOrFirstResponderMayResolve() {
        String token = login("agent3");
        setState(token, "available");
        ConsoleSocket console = console(token);
        long id = acceptedComplaint(token, console);

        http.post().uri("/api/v1/contacts/" + id + "/resolve").headers(h -> h.setBearerAuth(login("agent4")))
                .exchange().expectStatus().isForbidden();
        assertThat(count("SELECT count(*) FROM contact WHERE id = $1 AND status = 'in_progress'", id)).isEqualTo(1);
    }

    @Test
    void supervisorsRecheckARandomFifthOfTheQuartersFollowUps() {
        String token = login("agent4");
        setState(token, "available");
        ConsoleSocket console = console(token);
        for (int i = 0; i < 5; i++) {
            long id = acceptedComplaint(token, console);
            post("/api/v1/contacts/" + id + "/resolve", token, Map.of());
            post("/api/v1/contacts/" + id + "/follow-up", token, Map.of("outcome", "reached", "satisfaction", 4));
        }
        long done = count("SELECT count(*) FROM follow_up WHERE status = 'done'");

        JsonNode recheck = http.get().uri("/api/v1/follow-ups/recheck").headers(h -> h.setBearerAuth(login("supervisor1")))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(recheck.get("completed").asLong()).isEqualTo(done);
        assertThat(recheck.get("sample")).hasSize((int) Math.ceil(done * 0.2));
        http.get().uri("/api/v1/follow-ups/recheck").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/follow-ups/recheck?quarter=last").headers(h -> h.setBearerAuth(login("supervisor1")))
                .exchange().expectStatus().isBadRequest();
    }

    private static JsonNode stream(JsonNode deadlines, String name) {
        for (JsonNode deadline : deadlines) {
            if (deadline.get("name").asString().equals(name)) {
                return deadline;
            }
        }
        throw new AssertionError("no deadline " + name + " in " + deadlines);
    }
}
