package io.firstline.supervision;

import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.ShiftedClock;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * Each deadline is met by its own step (DOMAIN §3–§4): the first reply meets acknowledge and reply, a step done by
 * hand meets its deadline with a note, the resolution starts the 24-hour feedback, which the follow-up meets. The
 * app's clock is moved on by hours (no waiting); the real SLA tick fires what fell due.
 */
@TestPropertySource(properties = "firstline.db.name=firstline_test_steps")
@Import(StepDeadlinesTest.Movable.class)
class StepDeadlinesTest extends AppTestBase {

    @TestConfiguration
    static class Movable {
        @Bean
        @Primary
        ShiftedClock movableClock() {
            return new ShiftedClock(Duration.ZERO);
        }
    }

    static final DisposableServer CHAT_BACKEND = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.post("/replies", (request, response) -> request.receive().then(response.status(202).send())))
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

    @Autowired
    ShiftedClock clock;

    @Autowired
    Clock appClock;

    @Override
    protected long webhookNow() {
        return clock.instant().getEpochSecond();
    }

    private long acceptedComplaint(String token, ConsoleSocket console, String text) {
        long id = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), text).get("contactId").asLong();
        String offerId = console.await(frame("offer", id), WAIT).get("data").get("offerId").asString();
        http.post().uri("/api/v1/offers/" + offerId + "/accept").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();
        return id;
    }

    private void reply(long id, String token, String text) {
        http.post().uri("/api/v1/contacts/" + id + "/messages").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", text))
                .exchange().expectStatus().isCreated();
    }

    private JsonNode contact(long id) {
        return http.get().uri("/api/v1/contacts/" + id).headers(h -> h.setBearerAuth(login("supervisor1")))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static JsonNode deadline(JsonNode view, String name) {
        return StreamSupport.stream(view.get("deadlines").spliterator(), false)
                .filter(d -> d.get("name").asString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no deadline " + name + " in " + view.get("deadlines")));
    }

    private WebTestClientResponse met(long id, String name, String token, Object body) {
        return new WebTestClientResponse(http.post().uri("/api/v1/contacts/" + id + "/deadlines/" + name + "/met")
                .headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange());
    }

    private record WebTestClientResponse(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec spec) {
    }

    @Test
    void aComplaintAcknowledgedAtOnceNeverBreachesAcknowledgeWhileOneLeftAloneDoes() {
        String token = login("agent1");
        setState(token, "available");
        ConsoleSocket console = console(token);
        ConsoleSocket supervisor = console(login("supervisor1"));
        long acknowledged = acceptedComplaint(token, console, "投诉: the meter reader never came");
        reply(acknowledged, token, "We have your complaint and are looking into it.");
        long leftAlone = acceptedComplaint(token, console, "投诉: my bill doubled");

        JsonNode view = contact(acknowledged);
        for (String step : new String[] {"acknowledge", "reply"}) {
            assertThat(deadline(view, step).get("metAt").isNull()).as(step + " met").isFalse();
            assertThat(deadline(view, step).get("metOnTime").asBoolean()).as(step + " on time").isTrue();
            assertThat(deadline(view, step).get("metBy").asString()).isEqualTo("agent1");
        }
        assertThat(deadline(view, "investigate").get("metAt").isNull()).isTrue();
        assertThat(deadline(contact(leftAlone), "acknowledge").get("metAt").isNull()).isTrue();

        // A day and an hour pass: the acknowledge deadlines (24 h) of both are behind us.
        clock.advance(Duration.ofHours(25));

        // The one left alone breaches (and is escalated); the tick fires in time order, and the acknowledged contact
        // arrived first, so once the later breach is stored the earlier deadline has had its turn.
        awaitCount("SELECT count(*) FROM contact_deadline WHERE contact_id = $1 AND name = 'acknowledge' AND breached_at IS NOT NULL", leftAlone);
        supervisor.await(f -> frame("contact.escalated", leftAlone).test(f)
                && f.path("data").path("reason").asString().contains("acknowledge"), WAIT);
        assertThat(count("SELECT count(*) FROM contact_deadline WHERE contact_id = $1 AND name IN ('acknowledge', 'reply') "
                + "AND (breached_at IS NOT NULL OR warned_at IS NOT NULL)", acknowledged)).isZero();
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind IN ('escalated', 'sla_warning') "
                + "AND detail LIKE '%acknowledge%'", acknowledged)).isZero();
        assertThat(console.received()).noneMatch(f -> frame("sla.breached", acknowledged).test(f)
                && "acknowledge".equals(f.path("data").path("deadline").asString()));
        JsonNode late = deadline(contact(leftAlone), "acknowledge");
        assertThat(late.get("breachedAt").isNull()).isFalse();

        // Met late is still met, and shown as late; the escalation to managers no longer follows.
        reply(leftAlone, login("agent1"), "Sorry for the wait: we are on it.");
        JsonNode metLate = deadline(contact(leftAlone), "acknowledge");
        assertThat(metLate.get("metOnTime").asBoolean()).isFalse();
    }

    @Test
    void aStepDoneByHandMeetsItsDeadlineWithANoteOnceAndOnlyForThoseWhoAnswerForTheContact() {
        String token = login("agent2");
        setState(token, "available");
        ConsoleSocket console = console(token);
        long id = acceptedComplaint(token, console, "投诉: the water is brown");

        met(id, "investigate", token, Map.of()).spec().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("note is required"));
        met(id, "investigate", login("agent4"), Map.of("note", "not mine")).spec().expectStatus().isForbidden();
        met(id, "inspection", token, Map.of("note", "sent the crew")).spec().expectStatus().isNotFound();
        assertThat(count("SELECT count(*) FROM contact_deadline WHERE contact_id = $1 AND met_at IS NOT NULL", id)).isZero();

        JsonNode view = met(id, "investigate", token, Map.of("note", "investigation started: crew sent to the pump"))
                .spec().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();

        JsonNode investigate = deadline(view, "investigate");
        assertThat(investigate.get("metNote").asString()).isEqualTo("investigation started: crew sent to the pump");
        assertThat(investigate.get("metBy").asString()).isEqualTo("agent2");
        assertThat(investigate.get("metOnTime").asBoolean()).isTrue();
        assertThat(deadline(view, "acknowledge").get("metAt").isNull()).isTrue();
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind = 'deadline_met' AND actor = 'agent2' "
                + "AND detail = 'investigate: investigation started: crew sent to the pump'", id)).isEqualTo(1);
        met(id, "investigate", token, Map.of("note", "again")).spec().expectStatus().isEqualTo(409);
    }

    @Test
    void theResolutionStartsTheFeedbackDeadlineWhichTheFollowUpMeetsAndWhichBreachesWhenLeftAlone() {
        String token = login("agent3");
        setState(token, "available");
        ConsoleSocket console = console(token);
        ConsoleSocket supervisor = console(login("supervisor1"));
        long followedUp = acceptedComplaint(token, console, "投诉: the lift is broken again");
        long forgotten = acceptedComplaint(token, console, "投诉: the bin was not emptied");

        Instant resolvedAround = appClock.instant();
        for (long id : new long[] {followedUp, forgotten}) {
            http.post().uri("/api/v1/contacts/" + id + "/resolve").headers(h -> h.setBearerAuth(token))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange().expectStatus().isOk();
        }
        JsonNode resolved = contact(followedUp);
        // Resolving met every step the resolution does; the feedback to the customer is due 24 h later.
        assertThat(deadline(resolved, "resolve").get("metOnTime").asBoolean()).isTrue();
        assertThat(deadline(resolved, "investigate").get("metOnTime").asBoolean()).isTrue();
        Instant feedbackDue = Instant.parse(deadline(resolved, "feedback").get("dueAt").asString());
        assertThat(Duration.between(resolvedAround, feedbackDue)).isBetween(Duration.ofHours(24), Duration.ofHours(24).plusMinutes(1));
        assertThat(deadline(resolved, "feedback").get("metAt").isNull()).isTrue();

        http.post().uri("/api/v1/contacts/" + followedUp + "/follow-up").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("outcome", "reached", "satisfaction", 5, "comment", "works again"))
                .exchange().expectStatus().isOk();
        assertThat(deadline(contact(followedUp), "feedback").get("metOnTime").asBoolean()).isTrue();

        clock.advance(Duration.ofHours(25));

        awaitCount("SELECT count(*) FROM contact_deadline WHERE contact_id = $1 AND name = 'feedback' AND breached_at IS NOT NULL", forgotten);
        supervisor.await(f -> frame("contact.escalated", forgotten).test(f)
                && f.path("data").path("reason").asString().contains("feedback"), WAIT);
        assertThat(count("SELECT count(*) FROM contact_deadline WHERE contact_id = $1 AND breached_at IS NOT NULL", followedUp)).isZero();
    }

    @Test
    void aReplyToTheCustomerAfterTheResolutionMeetsTheFeedbackDeadline() {
        String token = login("agent4");
        setState(token, "available");
        ConsoleSocket console = console(token);
        long id = acceptedComplaint(token, console, "投诉: the heating is cold");
        http.post().uri("/api/v1/contacts/" + id + "/resolve").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange().expectStatus().isOk();
        assertThat(deadline(contact(id), "feedback").get("metAt").isNull()).isTrue();
        // Another agent may not write on it.
        http.post().uri("/api/v1/contacts/" + id + "/messages").headers(h -> h.setBearerAuth(login("agent2")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "hello"))
                .exchange().expectStatus().isEqualTo(409);

        reply(id, token, "The boiler was repaired this morning: the heating works again.");

        JsonNode view = contact(id);
        assertThat(view.get("status").asString()).isEqualTo("follow_up");
        assertThat(deadline(view, "feedback").get("metOnTime").asBoolean()).isTrue();
        assertThat(deadline(view, "feedback").get("metBy").asString()).isEqualTo("agent4");
    }

    @Test
    void whichStepMeetsWhichDeadlineIsSetPerPolicy() {
        String admin = login("admin");
        Map<String, Object> resolveOnly = Map.of("type", "inquiry", "severity", "normal", "deadlines", java.util.List.of(
                Map.of("name", "reply", "amount", 24, "unit", "hours", "metBy", java.util.List.of("resolve"))));
        http.put().uri("/api/v1/sla-policies").headers(h -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "inquiry", "severity", "normal", "deadlines", java.util.List.of(
                        Map.of("name", "reply", "amount", 24, "unit", "hours", "metBy", java.util.List.of("a_phone_call")))))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("a_phone_call"));
        try {
            http.put().uri("/api/v1/sla-policies").headers(h -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(resolveOnly).exchange().expectStatus().isOk();
            String token = login("agent1");
            setState(token, "available");
            ConsoleSocket console = console(token);
            long id = acceptedComplaint(token, console, "what are your opening hours?");

            reply(id, token, "We open at nine.");

            assertThat(deadline(contact(id), "reply").get("metAt").isNull()).as("a reply does not meet it under this policy").isTrue();
            http.post().uri("/api/v1/contacts/" + id + "/resolve").headers(h -> h.setBearerAuth(token))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange().expectStatus().isOk();
            assertThat(deadline(contact(id), "reply").get("metOnTime").asBoolean()).isTrue();
        } finally {
            http.put().uri("/api/v1/sla-policies").headers(h -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("type", "inquiry", "severity", "normal", "deadlines", java.util.List.of(
                            Map.of("name", "reply", "amount", 24, "unit", "hours"))))
                    .exchange().expectStatus().isOk();
        }
    }
}
