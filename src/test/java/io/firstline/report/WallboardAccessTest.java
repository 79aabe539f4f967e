package io.firstline.report;

import io.firstline.support.AppTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The wallboard shows the whole workspace: supervisors get it over REST and WebSocket, agents get neither. */
@TestPropertySource(properties = "firstline.db.name=firstline_test_pages")
class WallboardAccessTest extends AppTestBase {

    @Test
    void anAgentIsRefusedTheWallboardOnRestAndOnTheWebSocketHandshake() {
        String agent = login("agent1");
        http.get().uri("/api/v1/wallboard").headers(h -> h.setBearerAuth(agent)).exchange().expectStatus().isForbidden();
        http.get().uri("/ws/wallboard").headers(h -> {
            h.setBearerAuth(agent);
            h.set("Upgrade", "websocket");
            h.set("Connection", "Upgrade");
            h.set("Sec-WebSocket-Version", "13");
            h.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        }).exchange().expectStatus().isForbidden();
    }

    @Test
    void aSupervisorGetsTheFiguresAndNobodyWithoutATokenDoes() {
        String supervisor = login("supervisor1");
        http.get().uri("/api/v1/wallboard").headers(h -> h.setBearerAuth(supervisor)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.queues[0].channel").isEqualTo("webchat")
                .jsonPath("$.agentsByState.offline").isNumber();
        http.get().uri("/api/v1/wallboard").exchange().expectStatus().isUnauthorized();
    }
}
