package io.firstline.report.analysis;

import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * What a contact records for analysis: a cause from the versioned taxonomy, the responsible department (a managed
 * list; transfers may go to its queue), the disposition on resolve with its reason, and complaint validity. Bad input
 * is a 400 problem and changes nothing.
 */
class ContactAnalysisTest extends AppTestBase {

    private long accepted(String token, ConsoleSocket console, String text) {
        long id = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), text).get("contactId").asLong();
        String offerId = console.await(frame("offer", id), WAIT).get("data").get("offerId").asString();
        http.post().uri("/api/v1/offers/" + offerId + "/accept").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();
        return id;
    }

    private WebTestClient.ResponseSpec send(String method, String uri, String token, Object body) {
        return http.method(org.springframework.http.HttpMethod.valueOf(method)).uri(uri).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private String department(String admin) {
        String code = "water_" + UUID.randomUUID().toString().substring(0, 8).replace('-', '_');
        send("PUT", "/api/v1/departments/" + code, admin, Map.of("name", "Water network", "supervisor", "supervisor1",
                "queue", "webchat")).expectStatus().isOk().expectBody()
                .jsonPath("$.code").isEqualTo(code).jsonPath("$.supervisor").isEqualTo("supervisor1")
                .jsonPath("$.queue").isEqualTo("webchat").jsonPath("$.active").isEqualTo(true);
        return code;
    }

    @Test
    void onlyAdminsManageDepartmentsAndCausesAndBadOnesAreRefused() {
        String admin = login("admin");
        String supervisor = login("supervisor1");
        send("PUT", "/api/v1/departments/billing_office", supervisor, Map.of("name", "Billing", "supervisor", "supervisor1"))
                .expectStatus().isForbidden();
        send("PUT", "/api/v1/departments/billing_office", admin, Map.of("name", "Billing", "supervisor", "agent1", "queue", "nope"))
                .expectStatus().isBadRequest().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("supervisor 'agent1' is not a supervisor or manager").contains("queue 'nope' does not exist"));
        send("PUT", "/api/v1/departments/Bad Code", admin, Map.of("name", "x", "supervisor", "supervisor1"))
                .expectStatus().isBadRequest();
        assertThat(count("SELECT count(*) FROM department WHERE code IN ('billing_office', 'Bad Code')")).isZero();

        send("PUT", "/api/v1/complaint-causes/noise", supervisor, Map.of("label", "噪音 / noise")).expectStatus().isForbidden();
        send("PUT", "/api/v1/complaint-causes/noise", admin, Map.of("label", " ")).expectStatus().isBadRequest();
        http.get().uri("/api/v1/complaint-causes").headers(h -> h.setBearerAuth(login("agent1"))).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.code == 'billing')].label").isEqualTo("收费 / billing")
                .jsonPath("$[?(@.code == 'noise')]").isEmpty();
    }

    @Test
    void aResolutionRecordsDispositionCauseDepartmentAndValidityAndARenamedCauseKeepsTheOldLabel() {
        String admin = login("admin");
        String department = department(admin);
        String token = login("agent1");
        setState(token, "available");
        ConsoleSocket console = console(token);
        long id = accepted(token, console, "投诉: the bill is twice what it should be");
        String resolve = "/api/v1/contacts/" + id + "/resolve";

        // Each of these is refused with a problem saying why, and the contact stays as it was.
        send("POST", resolve, token, Map.of("disposition", "referred")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("referred needs a reason"));
        send("POST", resolve, token, Map.of("disposition", "fixed", "cause", "nope", "department", "nope")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("disposition must be one of")
                        .contains("cause 'nope'").contains("department 'nope'"));
        send("POST", resolve, token, Map.of("disposition", "invalid_complaint", "reason", "x", "complaintValid", true))
                .expectStatus().isBadRequest();
        assertThat(count("SELECT count(*) FROM contact WHERE id = $1 AND status = 'in_progress' AND resolved_at IS NULL"
                + " AND disposition IS NULL AND cause_id IS NULL", id)).isOne();

        send("POST", resolve, token, Map.of("disposition", "invalid_complaint", "reason", "the meter was read twice; corrected",
                "cause", "billing", "department", department)).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("follow_up");
        http.get().uri("/api/v1/contacts/" + id + "/analysis").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.disposition").isEqualTo("invalid_complaint")
                .jsonPath("$.dispositionReason").isEqualTo("the meter was read twice; corrected")
                .jsonPath("$.cause").isEqualTo("billing").jsonPath("$.causeVersion").isEqualTo(1)
                .jsonPath("$.causeLabel").isEqualTo("收费 / billing")
                .jsonPath("$.department").isEqualTo(department)
                .jsonPath("$.complaintValid").isEqualTo(false);

        // Renaming the cause is a new version: the contact keeps the label it was given.
        send("PUT", "/api/v1/complaint-causes/billing", admin, Map.of("label", "收费 / charges")).expectStatus().isOk()
                .expectBody().jsonPath("$.version").isEqualTo(2);
        http.get().uri("/api/v1/contacts/" + id + "/analysis").headers(h -> h.setBearerAuth(token)).exchange()
                .expectBody().jsonPath("$.causeLabel").isEqualTo("收费 / billing");
        http.get().uri("/api/v1/complaint-causes").headers(h -> h.setBearerAuth(token)).exchange()
                .expectBody().jsonPath("$[?(@.code == 'billing')].label").isEqualTo("收费 / charges");
        send("PUT", "/api/v1/complaint-causes/billing", admin, Map.of("label", "收费 / billing")).expectStatus().isOk();

        // A supervisor decides later that the complaint was valid after all; an agent who is not involved may not.
        send("PATCH", "/api/v1/contacts/" + id + "/analysis", login("agent2"), Map.of("complaintValid", true))
                .expectStatus().isForbidden();
        send("PATCH", "/api/v1/contacts/" + id + "/analysis", login("supervisor1"), Map.of("complaintValid", true))
                .expectStatus().isOk().expectBody().jsonPath("$.complaintValid").isEqualTo(true)
                .jsonPath("$.disposition").isEqualTo("invalid_complaint");
    }

    @Test
    void validityIsForComplaintsAndATransferMayGoToADepartmentsQueue() {
        String admin = login("admin");
        String department = department(admin);
        String token = login("agent1");
        setState(token, "available");
        ConsoleSocket console = console(token);
        long inquiry = accepted(token, console, "What are your opening hours?");
        // Accepting stores when the first responder took it (the reports' speed of answer reads it from the row).
        assertThat(count("SELECT count(*) FROM contact c WHERE c.id = $1 AND c.first_accepted_at = (SELECT min(at)"
                + " FROM contact_event e WHERE e.contact_id = c.id AND e.kind = 'accepted')", inquiry)).isOne();
        send("PATCH", "/api/v1/contacts/" + inquiry + "/analysis", token, Map.of("complaintValid", true))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("complaintValid is for complaints"));
        send("PATCH", "/api/v1/contacts/" + inquiry + "/analysis", token, Map.of()).expectStatus().isBadRequest();
        send("PATCH", "/api/v1/contacts/" + inquiry + "/analysis", token, Map.of("department", department))
                .expectStatus().isOk().expectBody().jsonPath("$.department").isEqualTo(department);

        send("POST", "/api/v1/contacts/" + inquiry + "/transfer", token, Map.of("department", "nope")).expectStatus().isBadRequest();
        send("POST", "/api/v1/contacts/" + inquiry + "/transfer", token, Map.of("department", department))
                .expectStatus().isOk().expectBody().jsonPath("$.queue.code").isEqualTo("webchat");
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind = 'transferred'"
                + " AND detail = 'to queue Web chat'", inquiry)).isOne();
    }
}
