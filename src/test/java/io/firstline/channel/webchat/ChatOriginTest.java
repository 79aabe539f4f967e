package io.firstline.channel.webchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import io.firstline.support.AppTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The widget is embedded on the customer's site: /ws/chat and its session accept the account's own allowed-origins only. */
@TestPropertySource(properties = {"firstline.db.name=firstline_test_chat_origin",
        "firstline.channels.webchat.accounts.demo.allowed-origins=https://shop.example"})
class ChatOriginTest extends AppTestBase {

    @Test
    void aPageOfTheAccountsOwnSiteOpensTheChatAndAForeignOneIsRefused() {
        JsonNode session = http.post().uri("/api/v1/chat/sessions").header(HttpHeaders.ORIGIN, "https://shop.example")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("account", "demo"))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        http.post().uri("/api/v1/chat/sessions").header(HttpHeaders.ORIGIN, "https://evil.example")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("account", "demo"))
                .exchange().expectStatus().isForbidden();
        String token = session.get("token").asString();

        assertThat(handshake(token, "https://shop.example").block(Duration.ofSeconds(10))).contains("\"hello\"");
        assertThatThrownBy(() -> handshake(token, "https://evil.example").block(Duration.ofSeconds(10)))
                .hasMessageContaining("403");
    }

    /** The first frame the socket receives, opened with {@code Origin} as a browser page would send it. */
    private Mono<String> handshake(String token, String origin) {
        HttpHeaders headers = new HttpHeaders();
        headers.setOrigin(origin);
        return Mono.create(sink -> new ReactorNettyWebSocketClient()
                .execute(URI.create("ws://localhost:" + port + "/ws/chat?token=" + token), headers,
                        ws -> ws.receive().next().doOnNext(message -> sink.success(message.getPayloadAsText())).then())
                .subscribe(null, sink::error, sink::success));
    }
}
