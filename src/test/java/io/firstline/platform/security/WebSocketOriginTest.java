package io.firstline.platform.security;

import io.firstline.support.AppTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * The staff WebSockets carry the agent's cookie, so a page on another site must not open them: a foreign
 * {@code Origin} is refused before the upgrade; the app's own origin, a configured one and no Origin at all work.
 */
@TestPropertySource(properties = {"firstline.db.name=firstline_test_pages",
        "firstline.security.allowed-origins=https://console.example.com"})
class WebSocketOriginTest extends AppTestBase {

    @Test
    void aHandshakeFromAForeignOriginIsRefusedWithAProblem() {
        String supervisor = login("supervisor1");
        for (String path : new String[] {"/ws/console", "/ws/wallboard", "/ws/queues"}) {
            http.get().uri(path).headers(h -> {
                h.setBearerAuth(supervisor);
                h.setOrigin("https://evil.example");
                h.set("Upgrade", "websocket");
                h.set("Connection", "Upgrade");
                h.set("Sec-WebSocket-Version", "13");
                h.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
            }).exchange()
                    .expectStatus().isForbidden()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.title").isEqualTo("Origin not allowed");
        }
    }

    @Test
    void theAppsOwnOriginAConfiguredOriginAndNoOriginGetTheirHello() {
        String agent = login("agent1");
        socket("/ws/console", agent, "http://localhost:" + port).await("hello", WAIT);
        socket("/ws/queues", agent, "https://console.example.com").await("hello", WAIT);
        socket("/ws/queues", agent, null).await("hello", WAIT);
    }
}
