package io.firstline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import io.firstline.support.AppTestBase;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Text PostgreSQL cannot store (U+0000) is a 400 problem+json saying which field, never a 500 or a retry, on the staff
 * paths: login, notes, replies, and (through the database's own refusal) any other text that reaches a statement.
 * The channel paths are tested beside each channel's webhook.
 */
class ControlCharactersTest extends AppTestBase {

    @Test
    void aNulInTheUsernameOrPasswordIsABadRequestNotAServerError() {
        http.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "agent1\u0000", "password", "demo"))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .startsWith("username contains the control character U+0000 (NUL)"));
        http.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "agent1", "password", "de\u0000mo"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).startsWith("password contains"));
    }

    @Test
    void aNulInANoteIsABadRequestAndAddsNothing() {
        long contactId = newContact("inquiry");
        String supervisor = login("supervisor1");
        long before = count("SELECT count(*) FROM message WHERE contact_id = $1", contactId);
        http.post().uri("/api/v1/contacts/" + contactId + "/notes").headers(h -> h.setBearerAuth(supervisor))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "called back\u0000"))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .isEqualTo("text contains the control character U+0000 (NUL) at position 11, which cannot be stored"));
        assertThat(count("SELECT count(*) FROM message WHERE contact_id = $1", contactId)).isEqualTo(before);
    }

    @Test
    void aNulInAReplyIsABadRequestAndNothingIsSent() {
        long contactId = newContact("inquiry");
        String agent = login("agent1");
        http.post().uri("/api/v1/contacts/" + contactId + "/messages").headers(h -> h.setBearerAuth(agent))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "\u0000"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).startsWith("text contains"));
        assertThat(count("SELECT count(*) FROM message WHERE contact_id = $1 AND direction = 'outbound'", contactId)).isZero();
    }

    @Test
    void textNoControllerChecksIsRefusedByTheDatabaseAndAnswered400WithTheTransactionRolledBack() {
        long contactId = newContact("complaint");
        String supervisor = login("supervisor1");
        String dueBefore = resolveDue(contactId);
        http.post().uri("/api/v1/contacts/" + contactId + "/deadlines/resolve/extension").headers(h -> h.setBearerAuth(supervisor))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "waiting for parts\u0000"))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("the request contains a character the database cannot store (such as U+0000, NUL)");
        assertThat(resolveDue(contactId)).isEqualTo(dueBefore);
    }

    private String resolveDue(long contactId) {
        return db.sql("SELECT due_at::text FROM contact_deadline WHERE contact_id = $1 AND name = 'resolve'").bind(0, contactId)
                .map(row -> row.get(0, String.class)).one().block(WAIT);
    }

    private long newContact(String category) {
        String id = Webhooks.newId();
        String body = "{\"visitorId\":\"visitor-" + UUID.randomUUID() + "\",\"messageId\":\"" + UUID.randomUUID()
                + "\",\"text\":\"the bill is wrong\",\"category\":\"" + category + "\"}";
        long now = webhookNow();
        JsonNode receipt = postWebchat("demo", id, now, body, Webhooks.signature(Webhooks.DEMO_SECRET, id, now, body))
                .expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return receipt.get("contactId").asLong();
    }
}
