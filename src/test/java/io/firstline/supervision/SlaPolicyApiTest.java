package io.firstline.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import io.firstline.support.AppTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class SlaPolicyApiTest extends AppTestBase {

    private JsonNode policies(String token) {
        return http.get().uri("/api/v1/sla-policies").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void theDefaultsOfTheServiceRegulationsAreInForce() {
        JsonNode all = policies(login("supervisor1"));
        JsonNode complaint = null;
        for (JsonNode policy : all) {
            if (policy.get("type").asString().equals("complaint")) {
                complaint = policy;
            }
        }
        assertThat(complaint).isNotNull();
        assertThat(complaint.get("deadlines")).extracting(d -> d.get("name").asString() + "=" + d.get("amount").asInt()
                        + " " + d.get("unit").asString())
                .containsExactly("acknowledge=24 hours", "investigate=1 working_days", "reply=2 working_days", "resolve=3 working_days");
        assertThat(complaint.get("deadlines").get(3).get("extendableTo").asInt()).isEqualTo(7);
    }

    @Test
    void anInvalidPolicyIsABadRequestThatChangesNothing() {
        String before = policies(login("admin")).toString();
        long storedBefore = count("SELECT count(*) FROM sla_policy");
        Map<String, Object> bad = Map.of("type", "inquiry", "severity", "normal",
                "deadlines", List.of(Map.of("name", "reply", "amount", -4, "unit", "hours")));

        http.put().uri("/api/v1/sla-policies").headers(h -> h.setBearerAuth(login("admin")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(bad)
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("amount"));

        assertThat(policies(login("admin")).toString()).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM sla_policy")).isEqualTo(storedBefore);
    }

    @Test
    void onlyAnAdminChangesPoliciesAndTheChangeIsKept() {
        Map<String, Object> suggestion = Map.of("type", "suggestion", "severity", "normal",
                "deadlines", List.of(Map.of("name", "reply", "amount", 4, "unit", "working_days", "calendar", "office_hours")));

        http.put().uri("/api/v1/sla-policies").headers(h -> h.setBearerAuth(login("supervisor1")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(suggestion).exchange().expectStatus().isForbidden();
        try {
            http.put().uri("/api/v1/sla-policies").headers(h -> h.setBearerAuth(login("admin")))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(suggestion).exchange().expectStatus().isOk();

            JsonNode reply = null;
            for (JsonNode policy : policies(login("supervisor1"))) {
                if (policy.get("type").asString().equals("suggestion")) {
                    reply = policy.get("deadlines").get(0);
                }
            }
            assertThat(reply.get("amount").asInt()).isEqualTo(4);
            assertThat(count("SELECT count(*) FROM sla_policy WHERE policy_key = 'suggestion/normal/any/none' AND updated_by = 'admin'"))
                    .isEqualTo(1);
        } finally {
            http.put().uri("/api/v1/sla-policies").headers(h -> h.setBearerAuth(login("admin")))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("type", "suggestion", "severity", "normal", "deadlines",
                            List.of(Map.of("name", "reply", "amount", 5, "unit", "working_days", "calendar", "office_hours"))))
                    .exchange().expectStatus().isOk();
        }
    }
}
