package io.firstline.channel.webchat;

import static io.firstline.channel.webchat.ChatSocket.ack;
import static io.firstline.channel.webchat.ChatSocket.reply;
import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** The embeddable widget's server side: visitor sessions, /ws/chat both ways, resume and dedupe across reconnects. */
@TestPropertySource(properties = "firstline.db.name=firstline_test_widget")
class ChatWidgetTest extends AppTestBase {

    private final List<ChatSocket> chats = new ArrayList<>();

    @AfterEach
    void closeChats() {
        chats.forEach(ChatSocket::close);
    }

    private JsonNode session(Map<String, ?> body) {
        return http.post().uri("/api/v1/chat/sessions").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private ChatSocket chat(String token, String query) {
        ChatSocket socket = new ChatSocket(URI.create("ws://localhost:" + port + "/ws/chat?token=" + token + query));
        chats.add(socket);
        return socket;
    }

    private long contactOf(String visitorId) {
        return awaitCount("SELECT c.id FROM contact c JOIN customer_identity i ON i.customer_id = c.customer_id"
                + " WHERE i.channel = 'webchat' AND i.handle = $1", "demo:" + visitorId);
    }

    private long storedVisitorMessages(String visitorId) {
        return count("SELECT count(*) FROM message WHERE direction = 'inbound' AND external_id LIKE $1",
                "widget:demo:" + visitorId + ":%");
    }

    private void agentReplies(String agentToken, long contactId, String text) {
        http.post().uri("/api/v1/contacts/" + contactId + "/messages").headers(h -> h.setBearerAuth(agentToken))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", text))
                .exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.delivery").isEqualTo("sent");
    }

    /** A visitor who wrote once, and the contact accepted by the given (available, connected) agent. */
    private long acceptedContact(String agentToken, ConsoleSocket console, ChatSocket visitor, String visitorId) {
        visitor.sendMessage("c-1", "my water meter is broken");
        visitor.await(ack("c-1"), WAIT);
        long contactId = contactOf(visitorId);
        String offerId = console.await(frame("offer", contactId), WAIT).get("data").get("offerId").asString();
        http.post().uri("/api/v1/offers/" + offerId + "/accept").headers(h -> h.setBearerAuth(agentToken))
                .exchange().expectStatus().isOk();
        return contactId;
    }

    @Test
    void aSessionIssuesAVisitorTokenAndRenewingItKeepsTheVisitor() {
        JsonNode first = session(Map.of("account", "demo"));
        assertThat(first.get("visitorId").asString()).startsWith("wv-");
        assertThat(first.get("socket").asString()).isEqualTo("/ws/chat");
        JsonNode renewed = session(Map.of("account", "demo", "previousToken", first.get("token").asString()));
        assertThat(renewed.get("visitorId").asString()).isEqualTo(first.get("visitorId").asString());
        assertThat(session(Map.of("account", "demo", "previousToken", "forged")).get("visitorId").asString())
                .isNotEqualTo(first.get("visitorId").asString());

        http.post().uri("/api/v1/chat/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("account", "nope")).exchange().expectStatus().isNotFound();
        http.options().uri("/api/v1/chat/sessions").header("Origin", "https://shop.example")
                .header("Access-Control-Request-Method", "POST").exchange().expectStatus().isNoContent()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "https://shop.example");
    }

    @Test
    void aVisitorTokenOpensNoAgentPathAndAnAgentTokenOpensNoChat() {
        String visitorToken = session(Map.of("account", "demo")).get("token").asString();
        http.get().uri("/api/v1/contacts").headers(h -> h.setBearerAuth(visitorToken)).exchange().expectStatus().isUnauthorized();
        http.get().uri("/ws/console").headers(h -> h.setBearerAuth(visitorToken)).exchange().expectStatus().isUnauthorized();
        http.get().uri("/ws/chat?token=" + login("agent1")).exchange().expectStatus().isUnauthorized();
        http.get().uri("/ws/chat").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aBadOrExpiredVisitorTokenIsRefusedAtTheHandshake() throws Exception {
        ChatSocket forged = chat("not-a-token", "");
        assertThat(forged.awaitEnd(WAIT)).isNotNull();
        assertThat(forged.received()).isEmpty();

        JWTClaimsSet claims = new JWTClaimsSet.Builder().audience(VisitorTokens.AUDIENCE).subject("wv-expired")
                .claim("account", "demo").issueTime(Date.from(Instant.now().minusSeconds(7200)))
                .expirationTime(Date.from(Instant.now().minusSeconds(60))).build();
        SignedJWT expired = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        expired.sign(new MACSigner(VisitorTokens.derivedKey(Webhooks.DEMO_SECRET)));
        http.get().uri("/ws/chat?token=" + expired.serialize()).exchange().expectStatus().isUnauthorized();
        ChatSocket late = chat(expired.serialize(), "");
        assertThat(late.awaitEnd(WAIT)).isNotNull();
    }

    @Test
    void aVisitorMessageBecomesAnOfferAndTheAgentsReplyReachesTheVisitor() {
        String agent = login("agent1");
        setState(agent, "available");
        ConsoleSocket console = console(agent);
        JsonNode session = session(Map.of("account", "demo"));
        String visitorId = session.get("visitorId").asString();
        ChatSocket visitor = chat(session.get("token").asString(), "");
        JsonNode hello = visitor.await("hello", WAIT);
        assertThat(hello.get("visitorId").asString()).isEqualTo(visitorId);
        assertThat(hello.get("seq").asLong()).isZero();

        long contactId = acceptedContact(agent, console, visitor, visitorId);
        assertThat(visitor.await(ack("c-1"), WAIT).get("seq").asLong()).isEqualTo(1);
        assertThat(storedVisitorMessages(visitorId)).isEqualTo(1);

        agentReplies(agent, contactId, "A technician is on the way.");
        JsonNode answer = visitor.await(reply("A technician is on the way."), WAIT);
        assertThat(answer.get("seq").asLong()).isEqualTo(2);
        assertThat(answer.get("from").asString()).isEqualTo("agent");
    }

    @Test
    void aVisitorWhoReconnectsWithResumeAfterGetsTheMissedReplyExactlyOnce() throws Exception {
        String agent = login("agent2");
        setState(agent, "available");
        ConsoleSocket console = console(agent);
        JsonNode session = session(Map.of("account", "demo"));
        String token = session.get("token").asString();
        ChatSocket first = chat(token, "");
        String epoch = first.await("hello", WAIT).get("epoch").asString();
        long contactId = acceptedContact(agent, console, first, session.get("visitorId").asString());
        long lastSeen = first.await(ack("c-1"), WAIT).get("seq").asLong();
        first.close();

        agentReplies(agent, contactId, "Sent while you were away.");
        ChatSocket again = chat(token, "&epoch=" + epoch + "&resumeAfter=" + lastSeen);
        assertThat(again.await("hello", WAIT).get("resumed").asBoolean()).isTrue();
        again.await(reply("Sent while you were away."), WAIT);
        agentReplies(agent, contactId, "And one more.");
        again.await(reply("And one more."), WAIT);
        List<JsonNode> frames = again.received();
        assertThat(frames.stream().filter(reply("Sent while you were away."))).hasSize(1);
        assertThat(frames.stream().filter(ack("c-1"))).isEmpty();
        assertThat(frames.stream().filter(f -> !"hello".equals(f.get("type").asString()))
                .map(f -> f.get("seq").asLong())).containsExactly(lastSeen + 1, lastSeen + 2);
    }

    @Test
    void aResentUnacknowledgedMessageIsStoredOnce() throws Exception {
        JsonNode session = session(Map.of("account", "demo"));
        String visitorId = session.get("visitorId").asString();
        String token = session.get("token").asString();
        ChatSocket first = chat(token, "");
        first.await("hello", WAIT);
        first.sendMessage("c-7", "is anyone there?");
        first.close(); // gone before (or whatever the timing) the ack arrived

        ChatSocket again = chat(token, "");
        again.await("hello", WAIT);
        again.sendMessage("c-7", "is anyone there?");
        JsonNode acked = again.await(ack("c-7"), WAIT);
        again.sendMessage("c-7", "is anyone there?");
        // The resend is answered with the original acknowledgement (same seq), so the widget shows the message once.
        again.await(frame -> ack("c-7").test(frame) && frame != acked, WAIT);
        assertThat(again.received().stream().filter(ack("c-7")).map(f -> f.get("seq").asLong()).distinct())
                .containsExactly(acked.get("seq").asLong());
        assertThat(acked.get("text").asString()).isEqualTo("is anyone there?");
        assertThat(storedVisitorMessages(visitorId)).isEqualTo(1);
    }

    @Test
    void badFramesAreAnsweredWithAnErrorAndStoreNothing() {
        JsonNode session = session(Map.of("account", "demo"));
        String visitorId = session.get("visitorId").asString();
        ChatSocket visitor = chat(session.get("token").asString(), "");
        visitor.await("hello", WAIT);
        visitor.send("not json");
        visitor.send("{\"type\":\"message\",\"clientId\":\"c-1\"}");
        visitor.send("{\"type\":\"message\",\"clientId\":\"has spaces\",\"text\":\"hi\"}");
        visitor.send("{\"type\":\"typing\",\"clientId\":\"c-2\",\"text\":\"hi\"}");
        visitor.send("{\"type\":\"message\",\"clientId\":\"c-3\",\"text\":\"" + "x".repeat(10_001) + "\"}");
        visitor.sendMessage("c-ok", "a real one");
        visitor.await(ack("c-ok"), WAIT);
        List<JsonNode> errors = visitor.received().stream().filter(f -> "error".equals(f.get("type").asString())).toList();
        assertThat(errors).hasSize(5).allMatch(f -> "bad-frame".equals(f.get("code").asString()));
        assertThat(storedVisitorMessages(visitorId)).isEqualTo(1);
        assertThat(visitor.received().stream().filter(f -> "ack".equals(f.get("type").asString()))).hasSize(1);
    }

    @Test
    void aNulInAWidgetMessageIsRefusedOnceAsABadFrameNotAsUnavailable() {
        JsonNode session = session(Map.of("account", "demo"));
        String visitorId = session.get("visitorId").asString();
        ChatSocket visitor = chat(session.get("token").asString(), "");
        visitor.await("hello", WAIT);
        visitor.sendMessage("c-nul", "my meter\u0000 is broken");
        JsonNode error = visitor.await(frame -> "error".equals(frame.path("type").asString())
                && "c-nul".equals(frame.path("clientId").asString()), WAIT);
        assertThat(error.get("code").asString()).isEqualTo("bad-frame");
        assertThat(error.get("detail").asString()).contains("text contains the control character U+0000 (NUL)");
        visitor.sendMessage("c-ok", "my meter is broken");
        visitor.await(ack("c-ok"), WAIT);
        assertThat(storedVisitorMessages(visitorId)).isEqualTo(1);
        assertThat(visitor.received().stream().filter(f -> "unavailable".equals(f.path("code").asString()))).isEmpty();
    }

    @Test
    void theWidgetScriptIsServedByTheApp() {
        http.get().uri("/chat/firstline-chat.js").exchange().expectStatus().isOk()
                .expectBody(String.class).value(js -> assertThat(js).contains("/ws/chat").contains("resumeAfter"));
    }

}
