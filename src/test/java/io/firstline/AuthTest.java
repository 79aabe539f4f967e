package io.firstline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import io.firstline.support.AppTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;

class AuthTest extends AppTestBase {

    @Test
    void loginReturnsATokenAndSetsAnHttpOnlyCookie() {
        http.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "supervisor1", "password", "demo"))
                .exchange().expectStatus().isOk()
                .expectHeader().value(HttpHeaders.SET_COOKIE, cookie -> assertThat(cookie)
                        .startsWith("FIRSTLINE_TOKEN=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict")
                        .doesNotContain("Secure")) // the demo profile runs over http
                .expectHeader().doesNotExist("Strict-Transport-Security")
                .expectBody()
                .jsonPath("$.token").isNotEmpty()
                .jsonPath("$.expiresAt").isNotEmpty()
                .jsonPath("$.agent.username").isEqualTo("supervisor1")
                .jsonPath("$.agent.role").isEqualTo("supervisor")
                .jsonPath("$.agent.passwordHash").doesNotExist();
    }

    @Test
    void aWrongPasswordIsUnauthorized() {
        http.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "agent1", "password", "wrong"))
                .exchange().expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void theApiAcceptsTheCookieAsWellAsTheBearerToken() {
        String token = login("agent3");
        http.get().uri("/api/v1/agents/me").cookie("FIRSTLINE_TOKEN", token)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.username").isEqualTo("agent3");
        http.get().uri("/api/v1/agents/me").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk();
    }

    @Test
    void theApiRefusesRequestsWithoutAValidToken() {
        http.get().uri("/api/v1/agents/me").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/v1/agents/me").headers(h -> h.setBearerAuth("not-a-token"))
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void theConsoleSocketRefusesAnonymousClients() {
        Mono<Void> anonymous = new ReactorNettyWebSocketClient()
                .execute(URI.create("ws://localhost:" + port + "/ws/console"), session -> session.receive().then());
        assertThatThrownBy(() -> anonymous.block(WAIT)).hasMessageContaining("401");
    }

    @Test
    void anUnknownStateIsABadRequestThatSaysWhichStatesExist() {
        String token = login("agent4");
        http.post().uri("/api/v1/agents/me/state").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("state", "sleeping"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("available"));
    }
}
