package io.firstline;

import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The core path: signed web-chat message → contact → offer on the console → accept → first responder. */
class WalkingSkeletonTest extends AppTestBase {

    @Test
    void agentWhoAcceptsTheOfferBecomesTheFirstResponder() {
        String token = login("agent1");
        setState(token, "available");
        ConsoleSocket console = console(token);

        String visitor = "visitor-" + UUID.randomUUID();
        JsonNode receipt = sendWebchat(Webhooks.newId(), visitor, "My water bill looks wrong");
        assertThat(receipt.get("duplicate").asBoolean()).isFalse();
        long contactId = receipt.get("contactId").asLong();

        JsonNode offer = console.await(frame("offer", contactId), WAIT);
        assertThat(offer.get("seq").asLong()).isPositive();
        assertThat(offer.get("at").asString()).isNotBlank();
        JsonNode data = offer.get("data");
        assertThat(data.get("channel").asString()).isEqualTo("webchat");
        assertThat(data.get("customerName").asString()).isEqualTo("Visitor " + visitor);
        assertThat(data.get("text").asString()).isEqualTo("My water bill looks wrong");
        assertThat(data.get("expiresAt").asString()).isNotBlank();

        JsonNode contact = http.post().uri("/api/v1/offers/" + data.get("offerId").asString() + "/accept")
                .headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        long agent1 = agentId("agent1");
        assertThat(contact.get("id").asLong()).isEqualTo(contactId);
        assertThat(contact.get("status").asString()).isEqualTo("in_progress");
        assertThat(contact.get("firstResponder").get("id").asLong()).isEqualTo(agent1);
        assertThat(contact.get("assignee").get("id").asLong()).isEqualTo(agent1);

        JsonNode assigned = console.await(frame("contact.assigned", contactId).or(
                f -> "contact.assigned".equals(f.path("type").asString()) && f.path("data").path("id").asLong() == contactId), WAIT);
        assertThat(assigned.get("seq").asLong()).isGreaterThan(offer.get("seq").asLong());

        assertThat(count("SELECT first_responder_id FROM contact WHERE id = $1", contactId)).isEqualTo(agent1);
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind = 'accepted'", contactId)).isEqualTo(1);
    }

    @Test
    void theSameWebhookIdTwiceStoresOneMessageAndOneContact() {
        String visitor = "visitor-" + UUID.randomUUID();
        String id = Webhooks.newId();
        String body = Webhooks.body(visitor, "hello", null);
        long now = Webhooks.now();
        String signature = Webhooks.signature(Webhooks.DEMO_SECRET, id, now, body);

        JsonNode first = postWebchat("demo", id, now, body, signature).expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode second = postWebchat("demo", id, now, body, signature).expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(first.get("duplicate").asBoolean()).isFalse();
        assertThat(second.get("duplicate").asBoolean()).isTrue();
        assertThat(second.get("contactId").asLong()).isEqualTo(first.get("contactId").asLong());
        assertThat(count("SELECT count(*) FROM message WHERE channel = 'webchat' AND external_id = $1", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM contact c JOIN customer_identity i ON i.customer_id = c.customer_id "
                + "WHERE i.handle = $1", "demo:" + visitor)).isEqualTo(1);
    }

    @Test
    void aSecondMessageFromTheSameVisitorJoinsTheOpenContact() {
        String visitor = "visitor-" + UUID.randomUUID();
        long first = sendWebchat(Webhooks.newId(), visitor, "hello").get("contactId").asLong();
        long second = sendWebchat(Webhooks.newId(), visitor, "are you there?").get("contactId").asLong();

        assertThat(second).isEqualTo(first);
        assertThat(count("SELECT count(*) FROM message WHERE contact_id = $1", first)).isEqualTo(2);
    }

    @Test
    void anUnansweredOfferMovesToTheNextAgentAndIsRevokedForTheFirst() {
        String token1 = login("agent1");
        String token2 = login("agent2");
        setState(token1, "available");
        ConsoleSocket console1 = console(token1);
        long contactId = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "anyone?").get("contactId").asLong();
        JsonNode firstOffer = console1.await(frame("offer", contactId), WAIT);

        setState(token2, "available");
        ConsoleSocket console2 = console(token2);

        JsonNode revoked = console1.await(frame("offer.revoked", contactId), WAIT);
        assertThat(revoked.get("data").get("offerId").asString()).isEqualTo(firstOffer.get("data").get("offerId").asString());
        assertThat(revoked.get("data").get("reason").asString()).isEqualTo("expired");
        JsonNode secondOffer = console2.await(frame("offer", contactId), WAIT);
        assertThat(secondOffer.get("data").get("offerId").asString())
                .isNotEqualTo(firstOffer.get("data").get("offerId").asString());

        // The first agent's expired offer can no longer be taken.
        http.post().uri("/api/v1/offers/" + firstOffer.get("data").get("offerId").asString() + "/accept")
                .headers(h -> h.setBearerAuth(token1))
                .exchange().expectStatus().isEqualTo(409)
                .expectHeader().contentType("application/problem+json");
        // Nor can anyone take another agent's offer.
        http.post().uri("/api/v1/offers/" + secondOffer.get("data").get("offerId").asString() + "/accept")
                .headers(h -> h.setBearerAuth(token1))
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void aRejectedOfferGoesToTheNextAgent() {
        String token1 = login("agent1");
        String token2 = login("agent2");
        setState(token1, "available");
        ConsoleSocket console1 = console(token1);
        ConsoleSocket console2 = console(token2);
        long contactId = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "hi").get("contactId").asLong();
        JsonNode offer = console1.await(frame("offer", contactId), WAIT);
        setState(token2, "available");

        http.post().uri("/api/v1/offers/" + offer.get("data").get("offerId").asString() + "/reject")
                .headers(h -> h.setBearerAuth(token1))
                .exchange().expectStatus().isOk();

        console1.await(frame("offer.revoked", contactId), WAIT);
        JsonNode next = console2.await(frame("offer", contactId), WAIT);
        http.post().uri("/api/v1/offers/" + next.get("data").get("offerId").asString() + "/accept")
                .headers(h -> h.setBearerAuth(token2))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.firstResponder.id").isEqualTo(agentId("agent2"));
    }
}
