package io.firstline.customer;

import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** The customer archive: history across channels, who may read it, every read audited, identities linked and merged. */
@TestPropertySource(properties = "firstline.db.name=firstline_test_archive")
class CustomerArchiveTest extends AppTestBase {

    /** application-demo.yaml's e-mail and phone accounts (Standard Webhooks secrets). */
    private static final String EMAIL_SECRET = "whsec_Zmlyc3RsaW5lLWRlbW8tZW1haWwtc2VjcmV0LTMyYg==";
    private static final String PHONE_SECRET = "whsec_Zmlyc3RsaW5lLWRlbW8tcGhvbmUtc2VjcmV0LTMyYg==";

    /** A web-chat contact of a new visitor, accepted by the agent. */
    private record Held(long contactId, long customerId, String visitorId) {
    }

    @Test
    void aSupervisorLinksTheCustomersEmailAndTheAgentSeesTheirEarlierEmailContactNewestFirst() {
        // Yesterday's e-mail, answered and resolved by agent2.
        String agent2 = login("agent2");
        setState(agent2, "available");
        ConsoleSocket agent2Console = console(agent2);
        String address = "archive-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        long email = email(address, "Water everywhere in the kitchen");
        accept(agent2, agent2Console, email);
        post(agent2, "/api/v1/contacts/" + email + "/resolve", Map.of()).expectStatus().isOk();
        setState(agent2, "break");
        long emailCustomer = customerOf(email);

        // Today the same person chats with agent1, who notes something and learns their address.
        String agent1 = login("agent1");
        Held chat = heldWebchat(agent1, "I wrote to you by e-mail yesterday");
        post(agent1, "/api/v1/contacts/" + chat.contactId() + "/notes", Map.of("text", "says they e-mailed us")).expectStatus().isCreated();
        JsonNode before = archive(agent1, chat.customerId(), null);
        assertThat(before.get("contacts")).hasSize(1);

        // The address is another customer's, whose archive agent1 may not open: typing it must not pull it in.
        post(agent1, "/api/v1/customers/" + chat.customerId() + "/identities?contact=" + chat.contactId(),
                Map.of("channel", "email", "handle", address))
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("a supervisor can merge"));
        assertThat(count("SELECT count(*) FROM customer WHERE id = $1 AND merged_into IS NULL", emailCustomer)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM customer_archive_read WHERE customer_id = $1", chat.customerId())).isEqualTo(1);

        // A supervisor merges them on agent1's word.
        JsonNode linked = post(login("supervisor1"), "/api/v1/customers/" + chat.customerId() + "/identities?contact="
                        + chat.contactId(), Map.of("channel", "email", "handle", "  " + address.toUpperCase() + " "))
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(linked.get("id").asLong()).isEqualTo(chat.customerId());
        assertThat(linked.get("identities").toString()).contains("{\"channel\":\"email\",\"handle\":\"" + address + "\"}")
                .contains("{\"channel\":\"webchat\",\"handle\":\"demo:" + chat.visitorId() + "\"}");
        assertThat(ids(linked.get("contacts"))).containsExactly(chat.contactId(), email);
        JsonNode today = linked.get("contacts").get(0);
        assertThat(today.get("channel").asString()).isEqualTo("webchat");
        assertThat(today.get("assignee").get("id").asLong()).isEqualTo(agentId("agent1"));
        assertThat(texts(today)).containsExactly("I wrote to you by e-mail yesterday", "says they e-mailed us");
        assertThat(today.get("messages").get(1).get("direction").asString()).isEqualTo("internal");
        JsonNode yesterday = linked.get("contacts").get(1);
        assertThat(yesterday.get("channel").asString()).isEqualTo("email");
        assertThat(yesterday.get("status").asString()).isIn("resolved", "follow_up");
        assertThat(yesterday.get("type").asString()).isNotBlank();
        assertThat(yesterday.get("firstResponder").get("name").asString()).isEqualTo("Agent Two");
        assertThat(yesterday.get("assignee").get("id").asLong()).isEqualTo(agentId("agent2"));
        assertThat(yesterday.get("satisfaction").isNull()).isTrue();
        assertThat(texts(yesterday)).singleElement().asString().contains("Water everywhere in the kitchen");
        assertThat(linked.get("truncated").asBoolean()).isFalse();

        // The e-mail's customer is merged into the chat's, with a trace on the contact that moved.
        assertThat(count("SELECT merged_into FROM customer WHERE id = $1", emailCustomer)).isEqualTo(chat.customerId());
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind = 'customer_merged' AND actor = 'supervisor1'",
                email)).isEqualTo(1);
        // The old id opens the surviving archive; agent2, first responder of the e-mail, may read it too.
        assertThat(archive(agent1, emailCustomer, null).get("id").asLong()).isEqualTo(chat.customerId());
        assertThat(ids(archive(agent2, chat.customerId(), email).get("contacts"))).containsExactly(chat.contactId(), email);

        JsonNode trail = reads(login("supervisor1"), chat.customerId());
        assertThat(trail).hasSize(4);
        assertThat(trail.get(0).get("agent").get("name").asString()).isEqualTo("Agent Two");
        assertThat(trail.get(0).get("contactId").asLong()).isEqualTo(email);
        assertThat(trail.get(2).get("agent").get("id").asLong()).isEqualTo(agentId("supervisor1"));
        assertThat(trail.get(2).get("contactId").asLong()).isEqualTo(chat.contactId());
        assertThat(trail.get(3).get("contactId").isNull()).isTrue();
        assertThat(Instant.parse(trail.get(0).get("at").asString())).isAfterOrEqualTo(Instant.parse(trail.get(3).get("at").asString()));
        assertThat(count("SELECT count(*) FROM customer_archive_read WHERE customer_id = $1", chat.customerId())).isEqualTo(4);
    }

    @Test
    void eachReadIsAuditedOnceAndARefusedReadLeavesNoTrace() {
        String agent1 = login("agent1");
        Held chat = heldWebchat(agent1, "hello");
        String supervisor = login("supervisor1");

        archive(agent1, chat.customerId(), chat.contactId());
        assertThat(auditRows(chat.customerId())).isEqualTo(1);
        archive(supervisor, chat.customerId(), null);
        assertThat(auditRows(chat.customerId())).isEqualTo(2);
        assertThat(reads(supervisor, chat.customerId())).hasSize(2);
        assertThat(count("SELECT count(*) FROM customer_archive_read WHERE customer_id = $1 AND agent_id = $2 AND contact_id = $3",
                chat.customerId(), agentId("agent1"), chat.contactId())).isEqualTo(1);

        String stranger = login("agent3");
        problem(http.get().uri("/api/v1/customers/" + chat.customerId()).headers(h -> h.setBearerAuth(stranger)).exchange(), 403)
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("hold or first responded to"));
        problem(post(stranger, "/api/v1/customers/" + chat.customerId() + "/identities",
                Map.of("channel", "phone", "handle", phoneNumber())), 403);
        problem(http.get().uri("/api/v1/customers/" + chat.customerId() + "/reads").headers(h -> h.setBearerAuth(agent1)).exchange(), 403);
        problem(http.get().uri("/api/v1/customers/999999999").headers(h -> h.setBearerAuth(supervisor)).exchange(), 404);
        problem(http.get().uri("/api/v1/customers/" + chat.customerId() + "?contact=999999999")
                .headers(h -> h.setBearerAuth(agent1)).exchange(), 400);

        assertThat(auditRows(chat.customerId())).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM customer_identity WHERE customer_id = $1", chat.customerId())).isEqualTo(1);
        // The trail is append-only in the database itself.
        assertThatThrownBy(() -> db.sql("DELETE FROM customer_archive_read WHERE customer_id = $1").bind(0, chat.customerId())
                .then().block(WAIT)).hasMessageContaining("append-only");
        assertThat(auditRows(chat.customerId())).isEqualTo(2);
    }

    @Test
    void badIdentitiesAreRefusedWithWhatWasWrongAndChangeNothing() {
        String agent1 = login("agent1");
        Held chat = heldWebchat(agent1, "please call me");
        String identities = "/api/v1/customers/" + chat.customerId() + "/identities";

        problem(post(agent1, identities, Map.of("channel", "fax", "handle", "+861088886666")), 400)
                .jsonPath("$.detail").isEqualTo("channel must be one of phone, email, wechat, webchat");
        problem(post(agent1, identities, Map.of("channel", "email", "handle", "   ")), 400)
                .jsonPath("$.detail").isEqualTo("handle is required");
        problem(post(agent1, identities, Map.of("handle", "x".repeat(201))), 400)
                .jsonPath("$.detail").isEqualTo("channel must be one of phone, email, wechat, webchat; handle must be at most 200 characters");
        problem(post(agent1, identities, Map.of("channel", "email", "handle", "not an address")), 400);
        problem(post(agent1, identities, Map.of("channel", "phone", "handle", "call me maybe")), 400);

        assertThat(count("SELECT count(*) FROM customer_identity WHERE customer_id = $1", chat.customerId())).isEqualTo(1);
        assertThat(auditRows(chat.customerId())).isZero();

        // Linking what the customer already has changes nothing and is still a read.
        JsonNode again = post(agent1, identities, Map.of("channel", "webchat", "handle", "demo:" + chat.visitorId()))
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(again.get("identities")).hasSize(1);
        assertThat(auditRows(chat.customerId())).isEqualTo(1);
    }

    @Test
    void afterAMergeTheNextCallFromTheMergedAwayNumberJoinsTheSurvivingCustomer() {
        String agent1 = login("agent1");
        Held chat = heldWebchat(agent1, "my heating is off");
        post(agent1, "/api/v1/contacts/" + chat.contactId() + "/resolve", Map.of()).expectStatus().isOk();
        setState(agent1, "break");
        String number = phoneNumber();
        long call = call(number);
        long callCustomer = customerOf(call);
        assertThat(callCustomer).isNotEqualTo(chat.customerId());

        // The supervisor links the number as the customer said it, with spaces and dashes.
        String spoken = number.substring(0, 3) + " " + number.substring(3, 6) + "-" + number.substring(6, 10) + "-" + number.substring(10);
        JsonNode merged = post(login("supervisor1"), "/api/v1/customers/" + chat.customerId() + "/identities",
                Map.of("channel", "phone", "handle", spoken))
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(ids(merged.get("contacts"))).containsExactly(call, chat.contactId());
        assertThat(merged.get("contacts").get(0).get("assignee").isNull()).isTrue();
        assertThat(merged.get("contacts").get(0).get("firstResponder").isNull()).isTrue();
        assertThat(merged.get("identities").toString()).contains("{\"channel\":\"phone\",\"handle\":\"" + number + "\"}");

        String nextCall = "fs-" + Webhooks.newId();
        long joined = call(nextCall, number);
        assertThat(customerOf(joined)).isEqualTo(chat.customerId());
        assertThat(count("SELECT count(*) FROM customer_identity WHERE channel = 'phone' AND handle = $1", number)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM contact WHERE customer_id = $1", callCustomer)).isZero();

        JsonNode archive = archive(agent1, chat.customerId(), null);
        JsonNode newest = archive.get("contacts").get(0);
        assertThat(newest.get("id").asLong()).isEqualTo(joined);
        assertThat(newest.get("channel").asString()).isEqualTo("phone");
        assertThat(texts(newest)).anySatisfy(text -> assertThat(text).startsWith("Inbound call from " + number));
        assertThat(count("SELECT count(*) FROM message WHERE contact_id = $1 AND external_id = $2", joined, nextCall)).isEqualTo(1);
    }

    @Test
    void aLongThreadShowsItsNewestMessagesInOrderAndTheFollowUpScore() {
        String agent1 = login("agent1");
        Held chat = heldWebchat(agent1, "投诉: message 1");
        for (int i = 2; i <= 32; i++) {
            sendWebchat(Webhooks.newId(), chat.visitorId(), "message " + i);
        }
        post(agent1, "/api/v1/contacts/" + chat.contactId() + "/resolve", Map.of()).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("follow_up");
        post(agent1, "/api/v1/contacts/" + chat.contactId() + "/follow-up", Map.of("outcome", "reached", "satisfaction", 4))
                .expectStatus().isOk();

        JsonNode archive = archive(agent1, chat.customerId(), null);
        JsonNode contact = archive.get("contacts").get(0);
        List<String> expected = new ArrayList<>();
        for (int i = 3; i <= 32; i++) {
            expected.add("message " + i);
        }
        assertThat(texts(contact)).containsExactlyElementsOf(expected);
        assertThat(archive.get("truncated").asBoolean()).isTrue();
        assertThat(contact.get("satisfaction").asInt()).isEqualTo(4);
        assertThat(contact.get("type").asString()).isEqualTo("complaint");
    }

    @Test
    void mergesRacingEachOtherInACircleEndWithEveryContactUnderOneCustomer() throws Exception {
        List<String> visitors = List.of("visitor-" + UUID.randomUUID(), "visitor-" + UUID.randomUUID(), "visitor-" + UUID.randomUUID());
        List<Long> contacts = new ArrayList<>();
        List<Long> customers = new ArrayList<>();
        for (String visitor : visitors) {
            long contactId = sendWebchat(Webhooks.newId(), visitor, "hello from " + visitor).get("contactId").asLong();
            contacts.add(contactId);
            customers.add(customerOf(contactId));
        }
        String supervisor = login("supervisor1");

        // Each customer takes in the next one's identity, all at once: every pair of customers is contended,
        // while the three keep writing in.
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            Future<List<Long>> written = senders.submit(() -> {
                List<Long> joined = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    for (String visitor : visitors) {
                        joined.add(sendWebchat(Webhooks.newId(), visitor, "still there? " + round).get("contactId").asLong());
                    }
                }
                return joined;
            });
            List<Future<Integer>> links = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                long customer = customers.get(i);
                String nextVisitor = visitors.get((i + 1) % 3);
                links.add(senders.submit(() -> post(supervisor, "/api/v1/customers/" + customer + "/identities",
                        Map.of("channel", "webchat", "handle", "demo:" + nextVisitor)).returnResult(String.class).getStatus().value()));
            }
            for (Future<Integer> link : links) {
                assertThat(link.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            }
            // No message opened a contact of its own: each joined its customer's open one, wherever it had moved.
            assertThat(contacts).containsAll(written.get(30, TimeUnit.SECONDS));
        } finally {
            senders.shutdownNow();
        }

        long survivor = customerOf(contacts.get(0));
        assertThat(contacts).allSatisfy(contact -> assertThat(customerOf(contact)).isEqualTo(survivor));
        assertThat(count("SELECT count(*) FROM customer WHERE id = $1 AND merged_into IS NULL", survivor)).isEqualTo(1);
        assertThat(customers).filteredOn(customer -> customer != survivor)
                .allSatisfy(customer -> assertThat(count("SELECT merged_into FROM customer WHERE id = $1", customer)).isEqualTo(survivor));
        assertThat(count("SELECT count(*) FROM customer_identity WHERE customer_id = $1", survivor)).isEqualTo(3);
        assertThat(ids(archive(supervisor, survivor, null).get("contacts"))).containsExactlyInAnyOrderElementsOf(contacts);
        assertThat(count("SELECT count(*) FROM contact c JOIN customer cu ON cu.id = c.customer_id WHERE cu.merged_into IS NOT NULL"))
                .isZero();
    }

    // ------------------------------------------------------------------ helpers

    private Held heldWebchat(String token, String text) {
        setState(token, "available");
        ConsoleSocket console = console(token);
        String visitor = "visitor-" + UUID.randomUUID();
        long contactId = sendWebchat(Webhooks.newId(), visitor, text).get("contactId").asLong();
        accept(token, console, contactId);
        return new Held(contactId, customerOf(contactId), visitor);
    }

    private void accept(String token, ConsoleSocket console, long contactId) {
        String offerId = console.await(frame("offer", contactId), WAIT).get("data").get("offerId").asString();
        http.post().uri("/api/v1/offers/" + offerId + "/accept").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();
    }

    /** A plain-text mail through the signed raw-MIME form of the e-mail webhook; returns its contact. */
    private long email(String from, String text) {
        String mime = "From: Li Lei <" + from + ">\r\nTo: support@demo.firstline.example\r\nSubject: Leak\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@mail.example.com>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + text + "\r\n";
        byte[] body = mime.getBytes(StandardCharsets.UTF_8);
        return signed("/webhooks/email/demo", MediaType.parseMediaType("message/rfc822"), body, EMAIL_SECRET);
    }

    private long call(String from) {
        return call("fs-" + Webhooks.newId(), from);
    }

    /** A ringing call through the signed generic phone webhook; returns its contact. */
    private long call(String callId, String from) {
        String event = "{\"callId\":\"" + callId + "\",\"event\":\"ringing\",\"from\":\"" + from + "\",\"to\":\"+861088886666\",\"at\":\""
                + Instant.now() + "\"}";
        return signed("/webhooks/phone/demo", MediaType.APPLICATION_JSON, event.getBytes(StandardCharsets.UTF_8), PHONE_SECRET);
    }

    private long signed(String uri, MediaType type, byte[] body, String secret) {
        String id = Webhooks.newId();
        long now = webhookNow();
        return http.post().uri(uri).contentType(type)
                .header("webhook-id", id).header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", Webhooks.signature(secret, id, now, new String(body, StandardCharsets.UTF_8)))
                .bodyValue(body).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().get("contactId").asLong();
    }

    private WebTestClient.ResponseSpec post(String token, String uri, Object body) {
        return http.post().uri(uri).headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
    }

    private JsonNode archive(String token, long customerId, Long contactId) {
        return http.get().uri("/api/v1/customers/" + customerId + (contactId == null ? "" : "?contact=" + contactId))
                .headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode reads(String token, long customerId) {
        return http.get().uri("/api/v1/customers/" + customerId + "/reads").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, int status) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody();
    }

    private long customerOf(long contactId) {
        return count("SELECT customer_id FROM contact WHERE id = $1", contactId);
    }

    private long auditRows(long customerId) {
        return count("SELECT count(*) FROM customer_archive_read WHERE customer_id = $1", customerId);
    }

    private static List<Long> ids(JsonNode contacts) {
        List<Long> ids = new ArrayList<>();
        contacts.forEach(contact -> ids.add(contact.get("id").asLong()));
        return ids;
    }

    private static List<String> texts(JsonNode contact) {
        List<String> texts = new ArrayList<>();
        contact.get("messages").forEach(message -> texts.add(message.get("text").asString()));
        return texts;
    }

    private static String phoneNumber() {
        return "+86139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }
}
