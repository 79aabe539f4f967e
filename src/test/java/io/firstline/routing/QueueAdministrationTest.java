package io.firstline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import io.firstline.support.AppTestBase;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Admins create queues and change their name, skill and priority; bad input changes nothing; every change is kept. */
class QueueAdministrationTest extends AppTestBase {

    @AfterEach
    void restoreQueues() {
        db.sql("UPDATE queue SET priority = 0, name = 'Web chat', skill = 'webchat' WHERE code = 'webchat'").then().block(WAIT);
        db.sql("DELETE FROM queue WHERE code = 'vip_chat'").then().block(WAIT);
    }

    @Test
    void aQueuesPriorityOrdersTheContactsThatJoinIt() {
        String admin = login("admin");
        put(admin, "webchat", Map.of("name", "Web chat", "channel", "webchat", "skill", "webchat", "priority", 3))
                .expectStatus().isOk().expectBody()
                .jsonPath("$.priority").isEqualTo(3).jsonPath("$.intake").isEqualTo(true);

        // The next chat joins with the queue's priority ahead of its severity (normal: 0): 3 × 10 + 0.
        long contactId = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "Where is my invoice?")
                .get("contactId").asLong();
        assertThat(count("SELECT priority::bigint FROM contact WHERE id = $1", contactId)).isEqualTo(30);

        // A second web-chat queue is listed, but new chats keep joining the channel's first one.
        put(admin, "vip_chat", Map.of("name", "VIP chat", "channel", "webchat", "skill", "webchat_vip", "priority", 9))
                .expectStatus().isOk().expectBody().jsonPath("$.intake").isEqualTo(false);
        http.get().uri("/api/v1/queues").headers(h -> h.setBearerAuth(login("supervisor1"))).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.code == 'vip_chat')].skill").isEqualTo("webchat_vip")
                .jsonPath("$[?(@.code == 'webchat')].priority").isEqualTo(3);
        assertThat(count("SELECT count(*) FROM admin_change WHERE subject IN ('queue:webchat', 'queue:vip_chat')"
                + " AND agent_id = $1", agentId("admin"))).isGreaterThanOrEqualTo(2);
        assertThat(count("SELECT count(*) FROM admin_change WHERE subject = 'queue:webchat' AND detail LIKE '%priority 0 -> 3%'"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void badInputIsRefusedWithEveryProblemAndChangesNothing() {
        String admin = login("admin");
        long changesBefore = count("SELECT count(*) FROM admin_change");
        put(admin, "webchat", Map.of("name", "", "channel", "email", "skill", "Web Chat!", "priority", 12))
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("name is required").contains("keeps its channel").contains("skill must be")
                        .contains("priority must be 0 (lowest) to 9 (highest), not 12"));
        put(admin, "Bad Code", Map.of("name", "x", "channel", "fax", "skill", "x"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("code must be").contains("channel must be one of"));
        assertThat(count("SELECT count(*) FROM admin_change")).isEqualTo(changesBefore);
        assertThat(count("SELECT count(*) FROM queue WHERE code = 'webchat' AND priority = 0 AND skill = 'webchat'")).isOne();

        // Only admins change queues; agents do not even see their settings.
        put(login("supervisor1"), "webchat", Map.of("name", "Chat", "channel", "webchat", "skill", "webchat"))
                .expectStatus().isForbidden();
        http.get().uri("/api/v1/queues").headers(h -> h.setBearerAuth(login("agent1"))).exchange().expectStatus().isForbidden();
        assertThat(count("SELECT count(*) FROM admin_change")).isEqualTo(changesBefore);
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec put(String token, String code, Map<String, ?> body) {
        return http.put().uri("/api/v1/queues/" + code).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
