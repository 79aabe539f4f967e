package io.firstline.report;

import static io.firstline.support.ConsoleSocket.frame;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/** Agents see their own contacts and queue summaries, supervisors the whole workspace, admins the configuration. */
@TestPropertySource(properties = "firstline.db.name=firstline_test_pages")
class RolesTest extends AppTestBase {

    @Test
    void agentsSeeTheirOwnContactsAndQueueSummariesSupervisorsSeeAllAdminsConfigure() {
        String agent = login("agent1");
        setState(agent, "available");
        ConsoleSocket console = console(agent);
        long id = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "hello").get("contactId").asLong();
        String offerId = console.await(frame("offer", id), WAIT).get("data").get("offerId").asString();
        http.post().uri("/api/v1/offers/" + offerId + "/accept").headers(h -> h.setBearerAuth(agent)).exchange().expectStatus().isOk();

        String otherAgent = login("agent2");
        String supervisor = login("supervisor1");
        String admin = login("admin");

        http.get().uri("/api/v1/contacts/" + id).headers(h -> h.setBearerAuth(agent)).exchange().expectStatus().isOk();
        http.get().uri("/api/v1/contacts/" + id).headers(h -> h.setBearerAuth(otherAgent)).exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/contacts/" + id).headers(h -> h.setBearerAuth(supervisor)).exchange().expectStatus().isOk();
        // The general manager, who is sent major matters and second-level escalations, can open what they are sent.
        String manager = login("manager1");
        http.get().uri("/api/v1/contacts/" + id).headers(h -> h.setBearerAuth(manager)).exchange().expectStatus().isOk();
        long customer = count("SELECT customer_id FROM contact WHERE id = $1", id);
        http.get().uri("/api/v1/customers/" + customer).headers(h -> h.setBearerAuth(otherAgent)).exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/customers/" + customer).headers(h -> h.setBearerAuth(manager)).exchange().expectStatus().isOk();
        http.get().uri("/api/v1/customers/" + customer + "/reads").headers(h -> h.setBearerAuth(agent)).exchange().expectStatus().isForbidden();

        http.post().uri("/api/v1/contacts/" + id + "/notes").headers(h -> h.setBearerAuth(otherAgent))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "not mine")).exchange().expectStatus().isForbidden();
        http.post().uri("/api/v1/contacts/" + id + "/notes").headers(h -> h.setBearerAuth(supervisor))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "Call the customer back today"))
                .exchange().expectStatus().isCreated().expectBody().jsonPath("$.direction").isEqualTo("internal");

        http.get().uri("/api/v1/queues/summary").headers(h -> h.setBearerAuth(otherAgent)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].channel").isEqualTo("webchat").jsonPath("$[0].waiting").isNumber();
        http.get().uri("/api/v1/wallboard").headers(h -> h.setBearerAuth(otherAgent)).exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/wallboard").headers(h -> h.setBearerAuth(supervisor)).exchange().expectStatus().isOk();

        Map<String, Object> policy = Map.of("type", "suggestion", "severity", "normal", "deadlines",
                List.of(Map.of("name", "reply", "amount", 5, "unit", "working_days", "calendar", "office_hours")));
        http.get().uri("/api/v1/sla-policies").headers(h -> h.setBearerAuth(agent)).exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").isEqualTo("only supervisors, managers and admins may read SLA policies");
        http.get().uri("/api/v1/sla-policies").headers(h -> h.setBearerAuth(supervisor)).exchange().expectStatus().isOk();
        http.get().uri("/api/v1/sla-policies").headers(h -> h.setBearerAuth(manager)).exchange().expectStatus().isOk();
        http.put().uri("/api/v1/sla-policies").headers(h -> h.setBearerAuth(supervisor))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(policy).exchange().expectStatus().isForbidden();
        http.put().uri("/api/v1/sla-policies").headers(h -> h.setBearerAuth(agent))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(policy).exchange().expectStatus().isForbidden();
        http.put().uri("/api/v1/sla-policies").headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(policy).exchange().expectStatus().is2xxSuccessful();
    }
}
