package io.firstline.supervision;

import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.firstline.kernel.Channel;
import io.firstline.sla.ContactType;
import io.firstline.sla.Deadline;
import io.firstline.sla.DeadlineCalculator;
import io.firstline.sla.RepairClass;
import io.firstline.sla.Severity;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** Deadlines per contact type, live warnings and breaches, escalation, and recovery after a restart. */
class SupervisionTest extends AppTestBase {

    @Autowired
    DeadlineCalculator calculator;
    @Autowired
    PolicyStore policies;
    @Autowired
    ContactDeadlines deadlines;
    @Autowired
    Supervision supervision;

    private List<Deadline> expected(ContactType type, RepairClass repairClass, Instant from) {
        return calculator.deadlines(policies.current().find(type, Severity.NORMAL, Channel.WEBCHAT, repairClass).orElseThrow(), from);
    }

    private JsonNode contact(long id, String token) {
        return http.get().uri("/api/v1/contacts/" + id).headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void aComplaintGetsTheComplaintDeadlinesAndTheOfferShowsThem() {
        String token = login("agent1");
        setState(token, "available");
        ConsoleSocket console = console(token);

        long id = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "我要投诉: the bill is wrong again").get("contactId").asLong();

        JsonNode offer = console.await(frame("offer", id), WAIT);
        JsonNode view = contact(id, login("supervisor1"));
        assertThat(view.get("type").asString()).isEqualTo("complaint");
        Instant openedAt = Instant.parse(view.get("openedAt").asString());
        List<Deadline> expected = expected(ContactType.COMPLAINT, null, openedAt);
        assertThat(view.get("deadlines")).extracting(d -> d.get("name").asString())
                .containsExactlyInAnyOrder("acknowledge", "investigate", "reply", "resolve");
        for (Deadline deadline : expected) {
            JsonNode stored = stream(view.get("deadlines")).filter(d -> d.get("name").asString().equals(deadline.name()))
                    .findFirst().orElseThrow();
            assertThat(Instant.parse(stored.get("dueAt").asString())).isEqualTo(deadline.dueAt());
            assertThat(Instant.parse(stored.get("warnAt").asString())).isEqualTo(deadline.warnAt());
            assertThat(Instant.parse(offer.get("data").get("deadlines").get(deadline.name()).asString())).isEqualTo(deadline.dueAt());
        }
    }

    @Test
    void reclassifyingRecomputesTheDeadlinesFromReceiptAndRecordsIt() {
        String token = login("agent2");
        setState(token, "available");
        ConsoleSocket console = console(token);
        long id = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "hello there").get("contactId").asLong();
        String offerId = console.await(frame("offer", id), WAIT).get("data").get("offerId").asString();
        http.post().uri("/api/v1/offers/" + offerId + "/accept").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();

        JsonNode view = http.patch().uri("/api/v1/contacts/" + id + "/classification").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "repair", "severity", "normal", "repairClass", "large"))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();

        Instant openedAt = Instant.parse(view.get("openedAt").asString());
        assertThat(view.get("type").asString()).isEqualTo("repair");
        assertThat(view.get("repairClass").asString()).isEqualTo("large");
        assertThat(view.get("deadlines")).hasSize(1);
        assertThat(Instant.parse(view.get("deadlines").get(0).get("dueAt").asString()))
                .isEqualTo(openedAt.plus(Duration.ofHours(72)));
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind = 'reclassified' "
                + "AND detail = 'inquiry/normal -> repair/normal/large'", id)).isEqualTo(1);
    }

    @Test
    void anInvalidClassificationIsABadRequestThatChangesNothing() {
        long id = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "hello").get("contactId").asLong();

        http.patch().uri("/api/v1/contacts/" + id + "/classification").headers(h -> h.setBearerAuth(login("supervisor1")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("type", "gossip"))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("complaint"));

        assertThat(count("SELECT count(*) FROM contact WHERE id = $1 AND type = 'inquiry'", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind = 'reclassified'", id)).isZero();
    }

    @Test
    void aSupervisorExtendsAComplaintsResolveDeadlineToSevenWorkingDaysWithAReason() {
        long id = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "投诉: third outage this month").get("contactId").asLong();
        String uri = "/api/v1/contacts/" + id + "/deadlines/resolve/extension";

        http.post().uri(uri).headers(h -> h.setBearerAuth(login("agent1"))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "waiting for the supplier")).exchange().expectStatus().isForbidden();
        http.post().uri(uri).headers(h -> h.setBearerAuth(login("supervisor1"))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", " ")).exchange().expectStatus().isBadRequest();
        http.post().uri("/api/v1/contacts/" + id + "/deadlines/acknowledge/extension").headers(h -> h.setBearerAuth(login("supervisor1")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "busy")).exchange().expectStatus().isEqualTo(409);
        assertThat(count("SELECT count(*) FROM deadline_extension WHERE contact_id = $1", id)).isZero();

        JsonNode view = http.post().uri(uri).headers(h -> h.setBearerAuth(login("supervisor1"))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "waiting for the supplier")).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        Instant openedAt = Instant.parse(view.get("openedAt").asString());
        var policy = policies.current().find(ContactType.COMPLAINT, Severity.NORMAL, Channel.WEBCHAT, null).orElseThrow();
        Instant sevenWorkingDays = ((io.firstline.sla.ExtensionResult.Extended) calculator.extended(policy, "resolve", openedAt))
                .deadline().dueAt();
        JsonNode resolve = stream(view.get("deadlines")).filter(d -> d.get("name").asString().equals("resolve")).findFirst().orElseThrow();
        assertThat(Instant.parse(resolve.get("dueAt").asString())).isEqualTo(sevenWorkingDays);
        assertThat(count("SELECT count(*) FROM deadline_extension e JOIN agent a ON a.id = e.approved_by "
                + "WHERE e.contact_id = $1 AND a.username = 'supervisor1' AND e.reason = 'waiting for the supplier'", id)).isEqualTo(1);
    }

    private List<Long> worklist(String username) {
        JsonNode list = http.get().uri("/api/v1/contacts").headers(h -> h.setBearerAuth(login(username))).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        List<Long> ids = new ArrayList<>();
        list.forEach(summary -> ids.add(summary.get("id").asLong()));
        return ids;
    }

    @Test
    void aMajorMatterIsEscalatedAtOnceToSupervisorsAndTheGeneralManager() {
        ConsoleSocket supervisor = console(login("supervisor1"));
        ConsoleSocket manager = console(login("manager1"));

        long id = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "Strong gas leak smell in building 3!")
                .get("contactId").asLong();

        assertThat(supervisor.await(frame("contact.escalated", id), WAIT).get("data").get("reason").asString())
                .isEqualTo("major matter");
        manager.await(frame("contact.escalated", id), WAIT);
        assertThat(count("SELECT count(*) FROM contact WHERE id = $1 AND severity = 'major' AND priority = 2", id)).isEqualTo(1);
        // It stays on the supervisor's and the manager's list (also after a reload), not only as an alert.
        assertThat(worklist("supervisor1")).contains(id);
        assertThat(worklist("manager1")).contains(id);
        assertThat(worklist("agent2")).doesNotContain(id);
    }

    @Test
    void theAgentIsWarnedThenToldOfTheBreachAndTheSupervisorGetsTheEscalation() {
        String token = login("agent3");
        setState(token, "available");
        ConsoleSocket agent = console(token);
        ConsoleSocket supervisor = console(login("supervisor1"));
        long id = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "hi").get("contactId").asLong();
        String offerId = agent.await(frame("offer", id), WAIT).get("data").get("offerId").asString();
        http.post().uri("/api/v1/offers/" + offerId + "/accept").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();

        // A deadline seconds away instead of hours: the same path a real one takes.
        Instant now = Instant.now();
        var soon = deadlines.replace(id, List.of(new Deadline("reply", now.plusSeconds(2), now.plusSeconds(1)))).block(WAIT);
        supervision.watch(id, soon);

        JsonNode warning = agent.await(frame("sla.warning", id), WAIT);
        JsonNode breach = agent.await(frame("sla.breached", id), WAIT);
        assertThat(warning.get("seq").asLong()).isLessThan(breach.get("seq").asLong());
        assertThat(breach.get("data").get("deadline").asString()).isEqualTo("reply");
        JsonNode escalated = supervisor.await(frame("contact.escalated", id), WAIT);
        assertThat(escalated.get("data").get("level").asInt()).isEqualTo(1);
        assertThat(worklist("supervisor1")).contains(id);
        JsonNode snapshot = console(login("supervisor1")).await("hello", WAIT).get("data").get("contacts");
        boolean listed = false;
        for (JsonNode summary : snapshot) {
            listed |= summary.get("id").asLong() == id;
        }
        assertThat(listed).as("the breached contact is in the supervisor's console snapshot").isTrue();
        assertThat(count("SELECT count(*) FROM contact_deadline WHERE contact_id = $1 AND warned_at IS NOT NULL "
                + "AND breached_at IS NOT NULL", id)).isEqualTo(1);
    }

    @Test
    void aDeadlineThatPassedWhileTheNodeWasDownFiresOnceAfterRecovery() {
        ConsoleSocket supervisor = console(login("supervisor1"));
        long id = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "hello?").get("contactId").asLong();
        supervision.forget(id);
        Instant past = Instant.now().minus(Duration.ofHours(3));
        deadlines.replace(id, List.of(new Deadline("reply", past, past.minus(Duration.ofHours(6))))).block(WAIT);

        // Two recoveries, as after two restarts: the breach still fires once.
        supervision.recover().block(WAIT);
        supervision.recover().block(WAIT);

        supervisor.await(frame("contact.escalated", id), WAIT);
        awaitCount("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind = 'escalated'", id);
        assertThat(count("SELECT count(*) FROM contact_deadline WHERE contact_id = $1 AND breached_at IS NOT NULL", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind = 'escalated'", id)).isEqualTo(1);
        assertThat(supervisor.received()).filteredOn(frame("contact.escalated", id)).hasSize(1);
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }
}
