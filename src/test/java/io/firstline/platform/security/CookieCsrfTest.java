package io.firstline.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.firstline.support.AppTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * A page on another site can make the browser send the session cookie with a form post; such a request is
 * refused. The app's own pages, bearer-token clients and webhooks are not affected.
 */
@TestPropertySource(properties = "firstline.db.name=firstline_test_pages")
class CookieCsrfTest extends AppTestBase {

    private static final String COOKIE = "FIRSTLINE_TOKEN";

    @Test
    void aCrossSiteFormPostWithTheCookieIsRefusedAndChangesNothing() {
        String token = login("agent3");
        String before = stateOf(token);
        http.post().uri("/api/v1/contacts/1/resolve").cookie(COOKIE, token).header("Origin", "https://evil.example")
                .exchange().expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Cross-site request refused");

        http.post().uri("/api/v1/agents/me/state").cookie(COOKIE, token).header("Origin", "https://evil.example")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("state", before.equals("away") ? "available" : "away"))
                .exchange().expectStatus().isForbidden();
        http.post().uri("/api/v1/agents/me/state").cookie(COOKIE, token).header("Sec-Fetch-Site", "cross-site")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("state", "available"))
                .exchange().expectStatus().isForbidden();

        assertThat(stateOf(token)).isEqualTo(before);
    }

    private String stateOf(String token) {
        return http.get().uri("/api/v1/agents/me").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody(tools.jackson.databind.JsonNode.class).returnResult()
                .getResponseBody().get("state").asString();
    }

    @Test
    void theAppsOwnPagesAndBearerClientsMayChangeState() {
        String token = login("agent3");
        http.post().uri("/api/v1/agents/me/state").cookie(COOKIE, token).header("Origin", "http://localhost:" + port)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("state", "away"))
                .exchange().expectStatus().isOk();
        http.post().uri("/api/v1/agents/me/state").headers(h -> h.setBearerAuth(token))
                .header("Origin", "https://evil.example")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("state", "offline"))
                .exchange().expectStatus().isOk();
        int status = http.post().uri("/api/v1/agents/me/state").cookie(COOKIE, token).header("Sec-Fetch-Site", "same-origin")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("state", "away"))
                .exchange().returnResult(String.class).getStatus().value();
        assertThat(status).isEqualTo(200);
    }
}
