package io.firstline.channel;

import io.firstline.support.Inbox;
import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An agent's reply goes back through the contact's channel, and its delivery is recorded either way. */
@TestPropertySource(properties = "firstline.db.name=firstline_test_replies")
class ReplyTest extends AppTestBase {

    /** A chat backend in the test JVM that receives replies (or refuses them with the status set here). */
    record Received(Map<String, String> headers, byte[] body) {
    }

    static final Inbox<Received> RECEIVED = new Inbox<>();
    static final AtomicInteger STATUS = new AtomicInteger(202);
    static final DisposableServer CHAT_BACKEND = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.post("/replies", (request, response) -> request.receive().aggregate().asByteArray()
                    .flatMap(body -> {
                        RECEIVED.add(new Received(Map.of(
                                "webhook-id", request.requestHeaders().get("webhook-id"),
                                "webhook-timestamp", request.requestHeaders().get("webhook-timestamp"),
                                "webhook-signature", request.requestHeaders().get("webhook-signature")), body));
                        return response.status(STATUS.get()).send().then();
                    })))
            .bindNow();

    @DynamicPropertySource
    static void chatBackend(DynamicPropertyRegistry registry) {
        registry.add("firstline.channels.webchat.accounts.demo.reply-url",
                () -> "http://127.0.0.1:" + CHAT_BACKEND.port() + "/replies");
    }

    @AfterAll
    static void stopBackend() {
        CHAT_BACKEND.disposeNow();
    }

    private long accepted(String token, ConsoleSocket console, String visitor) {
        long id = sendWebchat(Webhooks.newId(), visitor, "my meter shows zero").get("contactId").asLong();
        String offerId = console.await(frame("offer", id), WAIT).get("data").get("offerId").asString();
        http.post().uri("/api/v1/offers/" + offerId + "/accept").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();
        return id;
    }

    @Test
    void theAssigneesReplyReachesTheChatBackendSignedAndIsStoredAsSent() throws Exception {
        STATUS.set(202);
        RECEIVED.clear();
        String token = login("agent1");
        setState(token, "available");
        ConsoleSocket console = console(token);
        String visitor = "visitor-" + UUID.randomUUID();
        long id = accepted(token, console, visitor);

        http.post().uri("/api/v1/contacts/" + id + "/messages").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "We are sending a technician today."))
                .exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.delivery").isEqualTo("sent").jsonPath("$.direction").isEqualTo("outbound");

        Received received = RECEIVED.poll(10, TimeUnit.SECONDS);
        assertThat(received).isNotNull();
        JsonNode body = JsonMapper.builder().build().readTree(received.body());
        assertThat(body.get("visitorId").asString()).isEqualTo(visitor);
        assertThat(body.get("text").asString()).isEqualTo("We are sending a technician today.");
        assertThat(new StandardWebhookVerifier(Duration.ofMinutes(5)).verify(List.of(Webhooks.DEMO_SECRET),
                received.headers().get("webhook-id"), received.headers().get("webhook-timestamp"),
                received.headers().get("webhook-signature"), received.body(), Instant.now()))
                .isEqualTo(StandardWebhookVerifier.Verdict.VALID);
        assertThat(count("SELECT count(*) FROM contact WHERE id = $1 AND status = 'replied'", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM message WHERE contact_id = $1 AND direction = 'outbound' AND delivery = 'sent'", id))
                .isEqualTo(1);
    }

    @Test
    void afterTwoVisitorsAreLinkedAsOneCustomerEachConversationIsAnsweredWhereItIs() throws Exception {
        STATUS.set(202);
        RECEIVED.clear();
        String token = login("agent3");
        setState(token, "available");
        ConsoleSocket console = console(token);
        String laptop = "visitor-" + UUID.randomUUID();
        String phone = "visitor-" + UUID.randomUUID();
        long fromLaptop = accepted(token, console, laptop);
        long fromPhone = accepted(token, console, phone);
        long customer = count("SELECT customer_id FROM contact WHERE id = $1", fromLaptop);
        http.post().uri("/api/v1/customers/" + customer + "/identities").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("channel", "webchat", "handle", "demo:" + phone))
                .exchange().expectStatus().isOk();
        assertThat(count("SELECT count(*) FROM contact WHERE id IN ($1, $2) AND customer_id = $3", fromLaptop, fromPhone, customer))
                .isEqualTo(2);

        assertThat(visitorOfReply(token, fromLaptop)).isEqualTo(laptop);
        assertThat(visitorOfReply(token, fromPhone)).isEqualTo(phone);
    }

    private String visitorOfReply(String token, long contactId) throws Exception {
        http.post().uri("/api/v1/contacts/" + contactId + "/messages").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "About contact " + contactId))
                .exchange().expectStatus().isCreated();
        Received received = RECEIVED.poll(10, TimeUnit.SECONDS);
        assertThat(received).isNotNull();
        JsonNode body = JsonMapper.builder().build().readTree(received.body());
        assertThat(body.get("text").asString()).isEqualTo("About contact " + contactId);
        return body.get("visitorId").asString();
    }

    @Test
    void aRefusedReplyIsAClearErrorOnTheConsoleAndRecordedOnTheContact() {
        STATUS.set(500);
        String token = login("agent2");
        setState(token, "available");
        ConsoleSocket console = console(token);
        long id = accepted(token, console, "visitor-" + UUID.randomUUID());

        http.post().uri("/api/v1/contacts/" + id + "/messages").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "hello?"))
                .exchange().expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("http-500")
                .jsonPath("$.detail").isEqualTo("the chat backend refused the reply (HTTP 500)");

        assertThat(console.await(frame("message.failed", id), WAIT).get("data").get("code").asString()).isEqualTo("http-500");
        assertThat(count("SELECT count(*) FROM message WHERE contact_id = $1 AND delivery = 'failed'", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind = 'reply_failed'", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM contact WHERE id = $1 AND status = 'in_progress'", id)).isEqualTo(1);
        STATUS.set(202);
    }

    @Test
    void onlyTheAssigneeMayReplyAndAnEmptyReplyIsRefused() {
        String token = login("agent3");
        setState(token, "available");
        ConsoleSocket console = console(token);
        long id = accepted(token, console, "visitor-" + UUID.randomUUID());

        http.post().uri("/api/v1/contacts/" + id + "/messages").headers(h -> h.setBearerAuth(login("agent4")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "hi"))
                .exchange().expectStatus().isForbidden();
        http.post().uri("/api/v1/contacts/" + id + "/messages").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", " "))
                .exchange().expectStatus().isBadRequest();
        assertThat(count("SELECT count(*) FROM message WHERE contact_id = $1 AND direction = 'outbound'", id)).isZero();
    }
}
