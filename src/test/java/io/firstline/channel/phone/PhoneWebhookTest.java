package io.firstline.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import io.firstline.channel.StandardWebhookVerifier;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The phone webhook end to end: Twilio callbacks, generic call events, offers, the "ring this agent" callback, stats. */
@TestPropertySource(properties = "firstline.db.name=firstline_test_phone")
class PhoneWebhookTest extends AppTestBase {

    /** application-demo.yaml's phone account. */
    static final String AUTH_TOKEN = "firstline-demo-twilio-auth-token";
    static final String SECRET = "whsec_Zmlyc3RsaW5lLWRlbW8tcGhvbmUtc2VjcmV0LTMyYg==";
    /** The demo's public-url, http://localhost:${server.port}: on a random port, the port the app listens on. */
    private String publicUrl() {
        return "http://localhost:" + port;
    }
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Received(String id, String timestamp, String signature, String body) {
    }

    private static final ConcurrentLinkedQueue<Received> RINGS = new ConcurrentLinkedQueue<>();
    private static DisposableServer pbx;

    /** A PBX relay in the test JVM that receives the signed "ring this agent" callbacks. */
    @DynamicPropertySource
    static void pbx(DynamicPropertyRegistry registry) {
        if (pbx == null) {
            pbx = HttpServer.create().host("localhost").port(0)
                    .handle((request, response) -> request.receive().aggregate().asString().defaultIfEmpty("")
                            .doOnNext(body -> RINGS.add(new Received(request.requestHeaders().get("webhook-id"),
                                    request.requestHeaders().get("webhook-timestamp"),
                                    request.requestHeaders().get("webhook-signature"), body)))
                            .then(response.status(204).send()))
                    .bindNow();
        }
        registry.add("firstline.channels.phone.accounts.demo.callback-url", () -> "http://localhost:" + pbx.port() + "/ring");
    }

    @AfterAll
    static void stopPbx() {
        if (pbx != null) {
            pbx.disposeNow();
            pbx = null;
        }
    }

    @Autowired
    private PhoneStats stats;

    // ------------------------------------------------------------------ Twilio

    @Test
    void aRingingTwilioCallIsEnqueuedBecomesAContactAndIsOfferedThenDialsTheAcceptingAgent() {
        String token = login("agent1");
        ConsoleSocket console = console(token);
        setState(token, "available");
        String callSid = callSid();
        String caller = number();
        Map<String, String> ringing = twilioParams(callSid, caller, "ringing");

        String twiml = twilio("", ringing).expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_XML)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(twiml).contains("<Enqueue action=\"" + publicUrl() + "/webhooks/phone/demo?step=dequeued\"")
                .contains("waitUrl=\"" + publicUrl() + "/webhooks/phone/demo?step=wait\"")
                .contains(">support</Enqueue>");

        long contactId = count("SELECT contact_id FROM message WHERE channel = 'phone' AND external_id = $1", callSid);
        assertThat(count("SELECT count(*) FROM message WHERE external_id = $1 AND body LIKE $2", callSid,
                "Inbound call from " + caller + "%")).isEqualTo(1);
        JsonNode offer = console.await(ConsoleSocket.frame("offer", contactId), WAIT);
        assertThat(offer.path("data").path("channel").asString()).isEqualTo("phone");

        // Twilio retries: the same callback changes nothing and answers the same.
        String again = twilio("", ringing).expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(again).isEqualTo(twiml);
        assertThat(count("SELECT count(*) FROM message WHERE external_id = $1", callSid)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM phone_call WHERE call_id = $1", callSid)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM contact c JOIN customer_identity i ON i.customer_id = c.customer_id WHERE i.handle = $1",
                caller)).isEqualTo(1);

        // Still waiting: the caller holds.
        assertThat(twilio("?step=wait", waitParams(callSid)).expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody()).contains("<Pause").doesNotContain("<Leave/>");

        http.post().uri("/api/v1/offers/" + offer.path("data").path("offerId").asString() + "/accept")
                .headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();
        awaitCount("SELECT count(*) FROM phone_call WHERE call_id = $1 AND answered_by IS NOT NULL", callSid);
        assertThat(count("SELECT count(*) FROM phone_call WHERE call_id = $1 AND offered_at IS NOT NULL", callSid)).isEqualTo(1);

        // The next poll makes the caller leave the queue; the Enqueue action then dials the agent's SIP address.
        assertThat(twilio("?step=wait", waitParams(callSid)).expectBody(String.class).returnResult().getResponseBody())
                .contains("<Leave/>");
        Map<String, String> left = new LinkedHashMap<>(waitParams(callSid));
        left.put("QueueResult", "leave");
        String dial = twilio("?step=dequeued", left).expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(dial).contains("<Dial action=\"" + publicUrl() + "/webhooks/phone/demo?step=dialed&amp;call=" + callSid + "\"")
                .contains(">sip:agent1@pbx.demo.example</Sip></Dial>");

        // The agent picks up (the <Sip url> runs), then the call ends.
        Map<String, String> child = twilioParams("CA" + Webhooks.newId().replace("-", "").substring(4, 34), caller, "in-progress");
        twilio("?step=answered&call=" + callSid, child).expectStatus().isOk();
        twilio("", twilioParams(callSid, caller, "completed")).expectStatus().isOk();
        assertThat(count("SELECT count(*) FROM phone_call WHERE call_id = $1 AND status = 'completed' AND answered_at IS NOT NULL "
                + "AND ringing_at IS NOT NULL AND queued_at IS NOT NULL AND completed_at IS NOT NULL AND abandoned_at IS NULL", callSid))
                .isEqualTo(1);
    }

    @Test
    void aSecondCallFromACustomerWhoseContactAnAgentHoldsRingsThatAgentDirectly() {
        String token = login("agent3");
        ConsoleSocket console = console(token);
        setState(token, "available");
        String caller = number();
        String first = callSid();
        twilio("", twilioParams(first, caller, "ringing")).expectStatus().isOk();
        long contactId = count("SELECT contact_id FROM message WHERE channel = 'phone' AND external_id = $1", first);
        JsonNode offer = console.await(ConsoleSocket.frame("offer", contactId), WAIT);
        http.post().uri("/api/v1/offers/" + offer.path("data").path("offerId").asString() + "/accept")
                .headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();
        twilio("", twilioParams(first, caller, "completed")).expectStatus().isOk();

        String second = callSid();
        String twiml = twilio("", twilioParams(second, caller, "ringing")).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(twiml).contains("<Dial").contains(">sip:agent3@pbx.demo.example</Sip>");
        assertThat(count("SELECT contact_id FROM message WHERE channel = 'phone' AND external_id = $1", second)).isEqualTo(contactId);
    }

    @Test
    void aWrongTwilioSignatureIsUnauthorizedAndStoresNothing() {
        String callSid = callSid();
        Map<String, String> params = twilioParams(callSid, number(), "ringing");
        String body = form(params);
        http.post().uri("/webhooks/phone/demo").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .header("X-Twilio-Signature", TwilioSignature.sign("not-the-token", publicUrl() + "/webhooks/phone/demo",
                        List.copyOf(params.entrySet())))
                .bodyValue(body).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        // Signed for another URL (a different query) is refused as well.
        http.post().uri("/webhooks/phone/demo?step=wait").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .header("X-Twilio-Signature", TwilioSignature.sign(AUTH_TOKEN, publicUrl() + "/webhooks/phone/demo",
                        List.copyOf(params.entrySet())))
                .bodyValue(body).exchange().expectStatus().isUnauthorized();
        http.post().uri("/webhooks/phone/demo").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue(body).exchange().expectStatus().isUnauthorized();
        assertThat(count("SELECT count(*) FROM phone_call WHERE call_id = $1", callSid)).isZero();
        assertThat(count("SELECT count(*) FROM message WHERE external_id = $1", callSid)).isZero();
    }

    @Test
    void aCallerHangingUpInTheQueueIsAnAbandon() {
        String callSid = callSid();
        String caller = number();
        twilio("", twilioParams(callSid, caller, "ringing")).expectStatus().isOk();
        Map<String, String> hangup = new LinkedHashMap<>(waitParams(callSid));
        hangup.put("QueueResult", "hangup");
        twilio("?step=dequeued", hangup).expectStatus().isOk();
        twilio("", twilioParams(callSid, caller, "completed")).expectStatus().isOk();
        assertThat(count("SELECT count(*) FROM phone_call WHERE call_id = $1 AND status = 'abandoned' AND short_abandon", callSid))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM phone_call_event WHERE call_id = $1 AND status = 'completed'", callSid)).isZero();
    }

    // ------------------------------------------------------------------ generic JSON

    @Test
    void genericEventsRecordTheLifecycleOnceEach() {
        String callId = "asterisk-" + Webhooks.newId();
        String caller = number();
        Instant t = Instant.parse("2026-03-02T09:00:00Z");
        JsonNode first = generic(callId, "ringing", caller, t).expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(first.path("contactId").asLong()).isPositive();
        generic(callId, "queued", caller, t.plusSeconds(2)).expectStatus().isOk();
        String answered = generic(callId, "answered", caller, t.plusSeconds(12)).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        // A retry with a later time changes nothing and answers the same.
        assertThat(generic(callId, "answered", caller, t.plusSeconds(30)).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).isEqualTo(answered);
        generic(callId, "completed", caller, t.plusSeconds(200)).expectStatus().isOk();

        var row = db.sql("SELECT * FROM phone_call WHERE call_id = $1").bind(0, callId).fetch().one().block(WAIT);
        assertThat(row.get("status")).isEqualTo("completed");
        assertThat(row.get("from_number")).isEqualTo(caller);
        assertThat(((java.time.OffsetDateTime) row.get("ringing_at")).toInstant()).isEqualTo(t);
        assertThat(((java.time.OffsetDateTime) row.get("queued_at")).toInstant()).isEqualTo(t.plusSeconds(2));
        assertThat(((java.time.OffsetDateTime) row.get("answered_at")).toInstant()).isEqualTo(t.plusSeconds(12));
        assertThat(((java.time.OffsetDateTime) row.get("completed_at")).toInstant()).isEqualTo(t.plusSeconds(200));
        assertThat(count("SELECT count(*) FROM phone_call_event WHERE call_id = $1", callId)).isEqualTo(4);
        assertThat(count("SELECT count(*) FROM message WHERE external_id = $1", callId)).isEqualTo(1);
    }

    @Test
    void aBadGenericSignatureIsUnauthorizedAndMalformedEventsAreBadRequests() {
        String callId = "fs-" + Webhooks.newId();
        String body = event(callId, "ringing", number(), Instant.now());
        String id = Webhooks.newId();
        long now = Webhooks.now();
        postGeneric(body, id, now, Webhooks.signature("whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldC1vdGhlcg==", id, now, body))
                .expectStatus().isUnauthorized();
        String bad = "{\"callId\":\"" + callId + "\",\"event\":\"exploded\"}";
        postGeneric(bad, id, now, Webhooks.signature(SECRET, id, now, bad))
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(count("SELECT count(*) FROM phone_call WHERE call_id = $1", callId)).isZero();
    }

    @Test
    void anOversizedEventIsTooLargeAndStoresNothing() {
        String callId = "fs-" + Webhooks.newId();
        String body = event(callId, "ringing", number(), Instant.now()).replace("}", ",\"padding\":\"" + "x".repeat(70_000) + "\"}");
        String id = Webhooks.newId();
        long now = Webhooks.now();
        postGeneric(body, id, now, Webhooks.signature(SECRET, id, now, body))
                .expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(count("SELECT count(*) FROM phone_call WHERE call_id = $1", callId)).isZero();
    }

    @Test
    void acceptingAGenericCallSendsTheSignedRingCallbackWithTheAgentsExtension() throws Exception {
        String token = login("agent2");
        ConsoleSocket console = console(token);
        setState(token, "available");
        String callId = "ari-" + Webhooks.newId();
        JsonNode answer = generic(callId, "ringing", number(), Instant.now()).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        long contactId = answer.path("contactId").asLong();
        JsonNode offer = console.await(ConsoleSocket.frame("offer", contactId), WAIT);
        http.post().uri("/api/v1/offers/" + offer.path("data").path("offerId").asString() + "/accept")
                .headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();

        Received ring = awaitRing(callId);
        JsonNode body = JSON.readTree(ring.body());
        assertThat(body.path("agentId").asLong()).isEqualTo(agentId("agent2"));
        assertThat(body.path("extension").asString()).isEqualTo("sip:agent2@pbx.demo.example");
        assertThat(body.path("contactId").asLong()).isEqualTo(contactId);
        assertThat(new StandardWebhookVerifier(Duration.ofMinutes(5)).verify(List.of(SECRET), ring.id(), ring.timestamp(),
                ring.signature(), ring.body().getBytes(StandardCharsets.UTF_8), Instant.now()))
                .isEqualTo(StandardWebhookVerifier.Verdict.VALID);
        awaitCount("SELECT count(*) FROM phone_call WHERE call_id = $1 AND callback_at IS NOT NULL AND callback_error IS NULL", callId);
    }

    @Test
    void shortAbandonsAreNotCountedAndTheServiceLevelIsExact() {
        // A fixed set of calls in a period of their own.
        Instant t = Instant.parse("2031-06-01T10:00:00Z");
        String answeredFast = "sl-fast-" + Webhooks.newId();
        String answeredSlow = "sl-slow-" + Webhooks.newId();
        String shortAbandon = "sl-short-" + Webhooks.newId();
        String realAbandon = "sl-real-" + Webhooks.newId();
        generic(answeredFast, "ringing", number(), t).expectStatus().isOk();
        generic(answeredFast, "answered", null, t.plusSeconds(8)).expectStatus().isOk();
        generic(answeredSlow, "ringing", number(), t.plusSeconds(60)).expectStatus().isOk();
        generic(answeredSlow, "answered", null, t.plusSeconds(60 + 35)).expectStatus().isOk();
        generic(shortAbandon, "ringing", number(), t.plusSeconds(120)).expectStatus().isOk();
        generic(shortAbandon, "abandoned", null, t.plusSeconds(123)).expectStatus().isOk();
        generic(realAbandon, "ringing", number(), t.plusSeconds(180)).expectStatus().isOk();
        // "completed" for a call nobody answered: the caller hung up.
        generic(realAbandon, "completed", null, t.plusSeconds(190)).expectStatus().isOk();

        assertThat(count("SELECT count(*) FROM phone_call WHERE call_id = $1 AND short_abandon", shortAbandon)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM phone_call WHERE call_id = $1 AND status = 'abandoned' AND NOT short_abandon", realAbandon))
                .isEqualTo(1);

        PhoneStatsFigures figures = stats.between(defaultWorkspaceId(), t, t.plus(Duration.ofHours(1))).block(WAIT);
        assertThat(figures.calls()).isEqualTo(4);
        assertThat(figures.shortAbandoned()).isEqualTo(1);
        assertThat(figures.offered()).isEqualTo(3);
        assertThat(figures.answered()).isEqualTo(2);
        assertThat(figures.answeredWithinThreshold()).isEqualTo(1);
        assertThat(figures.abandoned()).isEqualTo(1);
        assertThat(figures.serviceLevel()).isEqualTo(1.0 / 3);
        assertThat(figures.abandonRate()).isEqualTo(1.0 / 3);

        // The same figures for a supervisor over HTTP; agents may not see them.
        http.get().uri("/api/v1/phone/stats?from=" + t + "&to=" + t.plus(Duration.ofHours(1)))
                .headers(h -> h.setBearerAuth(login("supervisor1"))).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.answered").isEqualTo(2)
                .jsonPath("$.shortAbandoned").isEqualTo(1)
                .jsonPath("$.offered").isEqualTo(3)
                .jsonPath("$.serviceLevel").isEqualTo(1.0 / 3);
        http.get().uri("/api/v1/phone/stats").headers(h -> h.setBearerAuth(login("agent1"))).exchange()
                .expectStatus().isForbidden();
    }

    // ------------------------------------------------------------------ hardening

    @Test
    void aNulInATwilioCallbackIsRefusedWith400AndStoresNothing() {
        String callSid = callSid();
        twilio("", twilioParams(callSid, "+8613800\u00001380", "ringing"))
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("From contains the control character U+0000 (NUL)"));
        assertThat(count("SELECT count(*) FROM phone_call WHERE call_id = $1", callSid)).isZero();
        assertThat(count("SELECT count(*) FROM message WHERE external_id = $1", callSid)).isZero();
    }

    @Test
    void aNulInAGenericCallEventIsRefusedWith400AndStoresNothing() {
        String callId = "pbx-" + Webhooks.newId();
        generic(callId, "ringing", "+86138\u000000138000", Instant.now())
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("from contains the control character U+0000 (NUL)"));
        assertThat(count("SELECT count(*) FROM phone_call WHERE call_id = $1", callId)).isZero();
    }

    @Test
    void theDemosPublicUrlFollowsTheActualPortAndASignatureWithAnotherPortIsRefused() {
        String callSid = callSid();
        Map<String, String> ringing = twilioParams(callSid, number(), "ringing");
        String signedFor8080 = TwilioSignature.sign(AUTH_TOKEN, "http://localhost:8080/webhooks/phone/demo", List.copyOf(ringing.entrySet()));
        http.post().uri("/webhooks/phone/demo").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .header("X-Twilio-Signature", signedFor8080).bodyValue(form(ringing)).exchange()
                .expectStatus().isUnauthorized();
        // Signed over the URL on the port the app really listens on: taken, and its TwiML points there too.
        twilio("", ringing).expectStatus().isOk().expectBody(String.class)
                .value(twiml -> assertThat(twiml).contains("action=\"http://localhost:" + port + "/webhooks/phone/demo?step=dequeued\""));
    }

    // ------------------------------------------------------------------ helpers

    private static String callSid() {
        return "CA" + Webhooks.newId().replace("-", "").substring(4, 36);
    }

    private static String number() {
        return "+86138" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    private static Map<String, String> twilioParams(String callSid, String from, String status) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", "AC00000000000000000000000000000000");
        params.put("CallSid", callSid);
        params.put("From", from);
        params.put("Caller", from);
        params.put("To", "+861088886666");
        params.put("Called", "+861088886666");
        params.put("CallStatus", status);
        params.put("Direction", "inbound");
        params.put("ApiVersion", "2010-04-01");
        return params;
    }

    private static Map<String, String> waitParams(String callSid) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallSid", callSid);
        params.put("CallStatus", "in-progress");
        params.put("QueueSid", "QU00000000000000000000000000000000");
        params.put("QueueTime", "3");
        params.put("QueuePosition", "1");
        return params;
    }

    private static String form(Map<String, String> params) {
        StringBuilder body = new StringBuilder();
        params.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString();
    }

    /** A Twilio callback to {@code /webhooks/phone/demo<query>}, signed as Twilio signs it. */
    private WebTestClient.ResponseSpec twilio(String query, Map<String, String> params) {
        String signature = TwilioSignature.sign(AUTH_TOKEN, publicUrl() + "/webhooks/phone/demo" + query, List.copyOf(params.entrySet()));
        return http.post().uri("/webhooks/phone/demo" + query).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .header("X-Twilio-Signature", signature)
                .bodyValue(form(params)).exchange();
    }

    private static String event(String callId, String event, String from, Instant at) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("callId", callId);
        body.put("event", event);
        if (from != null) {
            body.put("from", from);
        }
        body.put("to", "+861088886666");
        body.put("at", at.toString());
        return JSON.writeValueAsString(body);
    }

    private WebTestClient.ResponseSpec generic(String callId, String event, String from, Instant at) {
        String body = event(callId, event, from, at);
        String id = Webhooks.newId();
        long now = Webhooks.now();
        return postGeneric(body, id, now, Webhooks.signature(SECRET, id, now, body));
    }

    private WebTestClient.ResponseSpec postGeneric(String body, String id, long timestamp, String signature) {
        return http.post().uri("/webhooks/phone/demo").contentType(MediaType.APPLICATION_JSON)
                .header("webhook-id", id).header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .bodyValue(body).exchange();
    }

    private static Received awaitRing(String callId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Received ring : RINGS) {
                if (ring.body().contains("\"" + callId + "\"")) {
                    return ring;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no ring callback for " + callId + "; received " + RINGS);
    }
}
