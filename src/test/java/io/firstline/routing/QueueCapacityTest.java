package io.firstline.routing;

import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import io.firstline.contact.Contacts;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Admins create queues and give them a capacity override, through the API, and real consoles see routing keep to it:
 * a web-chat queue (3 chats per agent on the channel) with capacity 1 is offered only to agents holding no other chat.
 */
@TestPropertySource(properties = "firstline.db.name=firstline_test_queue_capacity")
class QueueCapacityTest extends AppTestBase {

    @Autowired
    Contacts contacts;

    @AfterEach
    void restoreQueues() {
        // Through the API, so intake forgets its cached queues too. A created queue that contacts joined stays (the
        // test database is cleaned when the next context starts); no other test here uses its code.
        put(login("admin"), "webchat", queue("Web chat", "webchat", 0, null)).expectStatus().isOk();
    }

    @Test
    void aChatQueueWithCapacityOneIsOfferedOnlyToAnAgentHoldingNoOtherChat() {
        String admin = login("admin");
        put(admin, "webchat", queue("Web chat", "webchat", 0, 1)).expectStatus().isOk()
                .expectBody().jsonPath("$.capacity").isEqualTo(1).jsonPath("$.intake").isEqualTo(true);

        String first = login("agent1");
        setState(first, "available");
        ConsoleSocket firstConsole = console(first);
        long held = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "first chat").get("contactId").asLong();
        accept(first, firstConsole.await(frame("offer", held), WAIT).get("data").get("offerId").asString());

        // Agent 1 holds one chat: below the channel's 3, but not below the queue's 1. Agent 2 comes free later, and is
        // the only one offered the next chat (agent 1, idle longer, would have been offered it without the override).
        long next = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "second chat").get("contactId").asLong();
        String second = login("agent2");
        ConsoleSocket secondConsole = console(second);
        setState(second, "available");
        secondConsole.await(frame("offer", next), WAIT);
        assertThat(firstConsole.received()).noneMatch(frame("offer", next));
        assertThat(count("SELECT count(*) FROM admin_change WHERE subject = 'queue:webchat' AND detail LIKE '%capacity channel''s -> 1%'"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aQueueCreatedByAnAdminTakesContactsAtOnceWithinItsCapacity() {
        String admin = login("admin");
        Map<String, Object> vip = new HashMap<>(queue("VIP chat", "webchat", 9, 1));
        vip.put("code", "vip_chat");
        post(admin, vip).expectStatus().isCreated()
                .expectHeader().location("/api/v1/queues/vip_chat")
                .expectBody().jsonPath("$.code").isEqualTo("vip_chat").jsonPath("$.capacity").isEqualTo(1)
                .jsonPath("$.priority").isEqualTo(9).jsonPath("$.intake").isEqualTo(false);
        post(admin, vip).expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("queue vip_chat exists already");
        assertThat(count("SELECT count(*) FROM admin_change WHERE subject = 'queue:vip_chat' AND detail LIKE 'created:%capacity 1'"))
                .isOne();

        // Agent 1 holds two chats and passes one on to the new queue: with one chat left they are not offered it back.
        String first = login("agent1");
        setState(first, "available");
        ConsoleSocket firstConsole = console(first);
        long passedOn = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "a VIP").get("contactId").asLong();
        accept(first, firstConsole.await(frame("offer", passedOn), WAIT).get("data").get("offerId").asString());
        long kept = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "an ordinary chat").get("contactId").asLong();
        accept(first, firstConsole.await(frame("offer", kept), WAIT).get("data").get("offerId").asString());
        http.post().uri("/api/v1/contacts/" + passedOn + "/transfer").headers(h -> h.setBearerAuth(first))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("queue", "vip_chat"))
                .exchange().expectStatus().isOk();

        String third = login("agent3");
        ConsoleSocket thirdConsole = console(third);
        setState(third, "available");
        thirdConsole.await(frame("offer", passedOn), WAIT);
        assertThat(firstConsole.received().stream().filter(frame("offer", passedOn)).count()).isOne();
        assertThat(count("SELECT count(*) FROM contact c JOIN queue q ON q.id = c.queue_id WHERE c.id = $1 AND q.code = 'vip_chat'",
                passedOn)).isOne();
    }

    @Test
    void theRoutersRebuildReadsTheCapacityOfEachWaitingContactsQueue() {
        put(login("admin"), "webchat", queue("Web chat", "webchat", 0, 2)).expectStatus().isOk();
        // No agent is available: the chat waits.
        long waiting = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "still waiting").get("contactId").asLong();

        assertThat(contacts.waiting(count("SELECT id FROM workspace WHERE code = 'demo'")).filter(row -> row.contactId() == waiting).map(Contacts.WaitingRow::queueCapacity)
                .collectList().block(WAIT)).containsExactly(2);
    }

    @Test
    void aCapacityOutOfRangeOrOfTheWrongTypeIsRefusedAndChangesNothing() {
        String admin = login("admin");
        long changesBefore = count("SELECT count(*) FROM admin_change");

        put(admin, "webchat", queue("Web chat", "webchat", 0, 4)).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail")
                .isEqualTo("capacity must be 1 to 3 (the webchat capacity), not 4");
        put(admin, "webchat", queue("Web chat", "webchat", 0, 0)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("capacity must be 1 to 3 (the webchat capacity), not 0");
        Map<String, Object> wrongType = new HashMap<>(queue("Refused chat", "webchat", 0, null));
        wrongType.put("code", "refused_chat");
        wrongType.put("capacity", "two");
        post(admin, wrongType).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("capacity must be a whole number from 1 to 3 (the webchat capacity),"
                        + " or null for the channel's capacity, not \"two\"");
        wrongType.put("capacity", 1.5);
        post(admin, wrongType).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("whole number"));
        wrongType.put("capacity", 10_000_000_000L);
        post(admin, wrongType).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).endsWith("not 10000000000"));
        Map<String, Object> noCode = new HashMap<>(queue("VIP chat", "webchat", 0, 1));
        post(admin, noCode).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("code must be"));
        post(login("supervisor1"), Map.of("code", "refused_chat", "name", "Refused", "channel", "webchat", "skill", "webchat"))
                .expectStatus().isForbidden();

        assertThat(count("SELECT count(*) FROM admin_change")).isEqualTo(changesBefore);
        assertThat(count("SELECT count(*) FROM queue WHERE code = 'refused_chat'")).isZero();
        assertThat(count("SELECT count(*) FROM queue WHERE code = 'webchat' AND capacity IS NULL")).isOne();
    }

    private static Map<String, Object> queue(String name, String skill, int priority, Integer capacity) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("channel", "webchat");
        body.put("skill", skill);
        body.put("priority", priority);
        body.put("capacity", capacity);
        return body;
    }

    private void accept(String token, String offerId) {
        http.post().uri("/api/v1/offers/" + offerId + "/accept").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec put(String token, String code, Map<String, ?> body) {
        return http.put().uri("/api/v1/queues/" + code).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec post(String token, Map<String, ?> body) {
        return http.post().uri("/api/v1/queues").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
