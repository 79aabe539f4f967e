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

    /**
     * The attack as found: a page on another site posts a form (no JSON body, so no preflight) to accept an offer and to
     * resolve a real contact, and the browser sends the session cookie along. Both are refused and change nothing; the
     * same calls with the bearer token (an API client) still work, whatever Origin they carry.
     */
    @Test
    void aForeignFormPostCannotAcceptAnOfferOrResolveAContactButTheBearerTokenStillCan() {
        String token = login("agent1");
        setState(token, "available");
        io.firstline.support.ConsoleSocket console = console(token);
        long contactId = sendWebchat(io.firstline.support.Webhooks.newId(), "visitor-" + java.util.UUID.randomUUID(),
                "my meter is broken").get("contactId").asLong();
        String offerId = console.await(io.firstline.support.ConsoleSocket.frame("offer", contactId), WAIT)
                .get("data").get("offerId").asString();

        formPost("/api/v1/offers/" + offerId + "/accept", token).expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(count("SELECT count(*) FROM contact WHERE id = $1 AND assignee_id IS NULL", contactId)).isEqualTo(1);

        http.post().uri("/api/v1/offers/" + offerId + "/accept").headers(h -> h.setBearerAuth(token))
                .header("Origin", "https://evil.example").exchange().expectStatus().isOk();
        String status = statusOf(contactId);

        formPost("/api/v1/contacts/" + contactId + "/resolve", token).expectStatus().isForbidden();
        http.post().uri("/api/v1/contacts/" + contactId + "/resolve").cookie(COOKIE, token).header("Sec-Fetch-Site", "cross-site")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("x=1").exchange().expectStatus().isForbidden();
        assertThat(statusOf(contactId)).isEqualTo(status).isNotEqualTo("resolved");

        http.post().uri("/api/v1/contacts/" + contactId + "/resolve").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk();
        assertThat(statusOf(contactId)).isIn("resolved", "follow_up", "closed");
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec formPost(String path, String cookie) {
        return http.post().uri(path).cookie(COOKIE, cookie).header("Origin", "https://evil.example")
                .header("Sec-Fetch-Site", "cross-site")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("confirm=yes").exchange();
    }

    private String statusOf(long contactId) {
        return db.sql("SELECT status FROM contact WHERE id = $1").bind(0, contactId)
                .map(row -> row.get(0, String.class)).one().block(WAIT);
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
