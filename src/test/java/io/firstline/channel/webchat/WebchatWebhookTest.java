package io.firstline.channel.webchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import io.firstline.support.AppTestBase;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Every refusal of the web-chat webhook says why and stores nothing. */
class WebchatWebhookTest extends AppTestBase {

    private static final String OTHER_SECRET = "whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldC1vdGhlcg==";

    @Test
    void aWrongSignatureIsUnauthorizedAndStoresNothing() {
        String visitor = "visitor-" + UUID.randomUUID();
        String id = Webhooks.newId();
        String body = Webhooks.body(visitor, "hello", null);
        long now = Webhooks.now();

        postWebchat("demo", id, now, body, Webhooks.signature(OTHER_SECRET, id, now, body))
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("webhook-signature does not match");

        assertNothingStoredFor(id, visitor);
    }

    @Test
    void aNulInTheTextIsABadRequestNotARetryAndStoresNothing() {
        String visitor = "visitor-" + UUID.randomUUID();
        String id = Webhooks.newId();
        String body = Webhooks.body(visitor, "water\\u0000leak", null);
        long now = Webhooks.now();

        for (int delivery = 0; delivery < 2; delivery++) {
            postWebchat("demo", id, now, body, Webhooks.signature(Webhooks.DEMO_SECRET, id, now, body))
                    .expectStatus().isBadRequest()
                    .expectHeader().doesNotExist("Retry-After")
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                            .isEqualTo("text contains the control character U+0000 (NUL) at position 5, which cannot be stored"));
        }
        assertNothingStoredFor(id, visitor);
    }

    @Test
    void anUnpairedSurrogateInTheNameIsABadRequest() {
        String visitor = "visitor-" + UUID.randomUUID();
        String id = Webhooks.newId();
        String body = Webhooks.body(visitor, "hello", "Li \\ud800 Lei");
        long now = Webhooks.now();
        postWebchat("demo", id, now, body, Webhooks.signature(Webhooks.DEMO_SECRET, id, now, body))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("name contains an unpaired surrogate"));
        assertNothingStoredFor(id, visitor);
    }

    @Test
    void aSignatureOverADifferentBodyIsUnauthorized() {
        String visitor = "visitor-" + UUID.randomUUID();
        String id = Webhooks.newId();
        long now = Webhooks.now();
        String signed = Webhooks.body(visitor, "hello", null);
        String tampered = signed.replace("hello", "HELLO");

        postWebchat("demo", id, now, tampered, Webhooks.signature(Webhooks.DEMO_SECRET, id, now, signed))
                .expectStatus().isUnauthorized();
        assertNothingStoredFor(id, visitor);
    }

    @Test
    void aTimestampOlderThanFiveMinutesIsUnauthorized() {
        String visitor = "visitor-" + UUID.randomUUID();
        String id = Webhooks.newId();
        String body = Webhooks.body(visitor, "hello", null);
        long stale = Webhooks.now() - 301;

        postWebchat("demo", id, stale, body, Webhooks.signature(Webhooks.DEMO_SECRET, id, stale, body))
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("webhook-timestamp"));
        assertNothingStoredFor(id, visitor);
    }

    @Test
    void missingSignatureHeadersAreUnauthorized() {
        String visitor = "visitor-" + UUID.randomUUID();
        http.post().uri("/webhooks/webchat/demo").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Webhooks.body(visitor, "hello", null))
                .exchange().expectStatus().isUnauthorized();
        assertThat(count("SELECT count(*) FROM customer_identity WHERE handle = $1", "demo:" + visitor)).isZero();
    }

    @Test
    void anyOneOfSeveralSignaturesMayMatch() {
        String visitor = "visitor-" + UUID.randomUUID();
        String id = Webhooks.newId();
        String body = Webhooks.body(visitor, "rotating keys", null);
        long now = Webhooks.now();
        String both = Webhooks.signature(OTHER_SECRET, id, now, body) + " " + Webhooks.signature(Webhooks.DEMO_SECRET, id, now, body);

        postWebchat("demo", id, now, body, both).expectStatus().isAccepted();
        assertThat(count("SELECT count(*) FROM message WHERE external_id = $1", id)).isEqualTo(1);
    }

    @Test
    void theChatFormsCategoryClassifiesTheContactAndAnUnknownOneIsRefused() {
        String visitor = "visitor-" + UUID.randomUUID();
        String id = Webhooks.newId();
        String body = "{\"visitorId\":\"" + visitor + "\",\"messageId\":\"m1\",\"text\":\"hello\",\"category\":\"complaint\"}";
        long now = Webhooks.now();
        postWebchat("demo", id, now, body, Webhooks.signature(Webhooks.DEMO_SECRET, id, now, body)).expectStatus().isAccepted();
        assertThat(count("SELECT count(*) FROM contact c JOIN message m ON m.contact_id = c.id "
                + "WHERE m.external_id = $1 AND c.type = 'complaint'", id)).isEqualTo(1);

        String other = Webhooks.newId();
        String bad = body.replace("complaint", "gossip");
        postWebchat("demo", other, now, bad, Webhooks.signature(Webhooks.DEMO_SECRET, other, now, bad))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).startsWith("category must be one of"));
        assertThat(count("SELECT count(*) FROM message WHERE external_id = $1", other)).isZero();
    }

    @Test
    void malformedJsonIsABadRequestThatStoresNothing() {
        String id = Webhooks.newId();
        String body = "{\"visitorId\": \"v-broken\", \"text\": ";
        long now = Webhooks.now();

        postWebchat("demo", id, now, body, Webhooks.signature(Webhooks.DEMO_SECRET, id, now, body))
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).startsWith("body is not valid JSON"));
        assertThat(count("SELECT count(*) FROM message WHERE external_id = $1", id)).isZero();
    }

    @Test
    void missingFieldsAreNamedInTheProblem() {
        String visitor = "visitor-" + UUID.randomUUID();
        String id = Webhooks.newId();
        String body = "{\"visitorId\": \"" + visitor + "\", \"text\": 42}";
        long now = Webhooks.now();

        postWebchat("demo", id, now, body, Webhooks.signature(Webhooks.DEMO_SECRET, id, now, body))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("messageId is required; text must be a non-empty string");
        assertNothingStoredFor(id, visitor);
    }

    @Test
    void aBodyOverTheLimitIsTooLargeAndStoresNothing() {
        String visitor = "visitor-" + UUID.randomUUID();
        String id = Webhooks.newId();
        String body = Webhooks.body(visitor, "x".repeat(70_000), null);
        long now = Webhooks.now();

        postWebchat("demo", id, now, body, Webhooks.signature(Webhooks.DEMO_SECRET, id, now, body))
                .expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertNothingStoredFor(id, visitor);
    }

    @Test
    void anUnknownAccountIsNotFound() {
        String visitor = "visitor-" + UUID.randomUUID();
        String id = Webhooks.newId();
        String body = Webhooks.body(visitor, "hello", null);
        long now = Webhooks.now();

        postWebchat("nobody", id, now, body, Webhooks.signature(Webhooks.DEMO_SECRET, id, now, body))
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertNothingStoredFor(id, visitor);
    }

    private void assertNothingStoredFor(String webhookId, String visitor) {
        assertThat(count("SELECT count(*) FROM message WHERE external_id = $1", webhookId)).isZero();
        assertThat(count("SELECT count(*) FROM customer_identity WHERE handle = $1", "demo:" + visitor)).isZero();
    }
}
