package io.firstline.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The wallboard shows the whole workspace: supervisors get it over REST and WebSocket, agents get neither —
 * only the queue figures, on their console.
 */
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
    void anAgentsConsoleIsPushedTheQueueFiguresAloneAndNobodyWithoutATokenIs() {
        String agent = login("agent2");
        ConsoleSocket queues = socket("/ws/queues", agent);
        queues.await("hello", WAIT);
        JsonNode figures = queues.await("queues", WAIT).get("data");
        assertThat(figures.isArray()).isTrue();
        assertThat(figures.get(0).get("channel").asString()).isEqualTo("webchat");
        assertThat(figures.get(0).get("waiting").isNumber()).isTrue();
        assertThat(figures.get(0).has("serviceLevel")).isTrue();
        http.get().uri("/ws/queues").headers(h -> {
            h.set("Upgrade", "websocket");
            h.set("Connection", "Upgrade");
            h.set("Sec-WebSocket-Version", "13");
            h.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        }).exchange().expectStatus().isUnauthorized();
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
