package io.firstline.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.firstline.support.AppTestBase;
import io.firstline.support.PrometheusScrape;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Who reaches the actuator: the probes are open (status only), the metrics need the scraper's Basic credential
 * or an admin, everything else an admin; the scraper's credential opens nothing but the metrics.
 */
class ActuatorAccessTest extends AppTestBase {

    @Test
    void probesAreOpenAndReadinessCoversTheDatabaseIntakeRouterAndSlaTimers() {
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP").jsonPath("$.components").doesNotExist();
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP").jsonPath("$.components").doesNotExist();

        JsonNode readiness = http.get().uri("/actuator/health/readiness").headers(h -> h.setBearerAuth(login("admin")))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode components = readiness.get("components");
        assertThat(components.propertyNames()).contains("readinessState", "r2dbc", "intake", "routing", "supervision");
        for (String component : new String[] {"r2dbc", "intake", "routing", "supervision"}) {
            assertThat(components.get(component).get("status").asString()).as(component).isEqualTo("UP");
        }
        assertThat(components.get("intake").get("details").get("mode").asString()).isEqualTo("embedded");
    }

    @Test
    void theMetricsNeedTheScrapeCredentialOrAnAdmin() {
        http.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/actuator/prometheus").headers(h -> h.setBasicAuth(PrometheusScrape.USER, "wrong"))
                .exchange().expectStatus().isUnauthorized();
        http.get().uri("/actuator/prometheus").headers(h -> h.setBearerAuth(login("agent1")))
                .exchange().expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

        String scraped = http.get().uri("/actuator/prometheus")
                .headers(h -> h.setBasicAuth(PrometheusScrape.USER, PrometheusScrape.PASSWORD))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(scraped).contains("firstline_webhook_durable_seconds_bucket");
        http.get().uri("/actuator/prometheus").headers(h -> h.setBearerAuth(login("admin")))
                .exchange().expectStatus().isOk();
    }

    @Test
    void theScrapeCredentialOpensNothingElse() {
        http.get().uri("/actuator/info").headers(h -> h.setBasicAuth(PrometheusScrape.USER, PrometheusScrape.PASSWORD))
                .exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/v1/contacts").headers(h -> h.setBasicAuth(PrometheusScrape.USER, PrometheusScrape.PASSWORD))
                .exchange().expectStatus().isUnauthorized();
        http.get().uri("/actuator").exchange().expectStatus().isUnauthorized();
        http.get().uri("/actuator/info").headers(h -> h.setBearerAuth(login("supervisor1")))
                .exchange().expectStatus().isForbidden();
        http.get().uri("/actuator/info").headers(h -> h.setBearerAuth(login("admin")))
                .exchange().expectStatus().isOk();
    }
}
