package io.firstline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.TemporaryPostgres;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The app against a PostgreSQL cluster of the test's own, which the test stops (as a crash would) and starts again:
 * meanwhile every REST endpoint answers 503 problem+json with Retry-After, never 500, and readiness is DOWN; once
 * the database is back, readiness is UP again within 5 s and the same requests succeed.
 */
@DirtiesContext
class DatabaseOutageTest extends AppTestBase {

    private static final TemporaryPostgres CLUSTER = TemporaryPostgres.start();
    private static boolean clusterTiedToContext;

    @Autowired
    private ConfigurableApplicationContext context;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("firstline.db.host", () -> "127.0.0.1");
        registry.add("firstline.db.port", CLUSTER::port);
        registry.add("firstline.db.name", () -> "firstline_test_outage");
    }

    /** The cluster goes with the context, after the app closed its connections. */
    @BeforeEach
    void removeTheClusterWithTheApp() {
        if (!clusterTiedToContext) {
            clusterTiedToContext = true;
            ((DefaultListableBeanFactory) context.getBeanFactory()).registerDisposableBean("temporaryPostgres", CLUSTER::close);
        }
    }

    @Test
    void whileTheDatabaseIsDownEveryEndpointAnswers503WithRetryAfterAndReadinessIsDownUntilItIsBack() {
        String agent = login("agent1");
        String supervisor = login("supervisor1");
        long contactId = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "where is my bill?").get("contactId").asLong();
        long customerId = count("SELECT customer_id FROM contact WHERE id = $1", contactId);
        readiness().expectStatus().isOk();

        CLUSTER.stopServer();
        try {
            unavailable(http.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("username", "agent2", "password", "demo")).exchange());
            unavailable(http.get().uri("/api/v1/contacts").headers(h -> h.setBearerAuth(agent)).exchange());
            unavailable(http.get().uri("/api/v1/contacts/" + contactId).headers(h -> h.setBearerAuth(supervisor)).exchange());
            unavailable(http.get().uri("/api/v1/customers/" + customerId).headers(h -> h.setBearerAuth(supervisor)).exchange());
            unavailable(http.get().uri("/api/v1/agents/me").headers(h -> h.setBearerAuth(agent)).exchange());
            unavailable(http.post().uri("/api/v1/contacts/" + contactId + "/notes").headers(h -> h.setBearerAuth(supervisor))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "call back")).exchange());
            unavailable(http.get().uri("/api/v1/follow-ups").headers(h -> h.setBearerAuth(supervisor)).exchange());
            // The webhooks keep their own 503 (nothing stored, the provider retries).
            String id = Webhooks.newId();
            String body = Webhooks.body("visitor-" + UUID.randomUUID(), "hello", null);
            long now = webhookNow();
            postWebchat("demo", id, now, body, Webhooks.signature(Webhooks.DEMO_SECRET, id, now, body))
                    .expectStatus().isEqualTo(503).expectHeader().exists(HttpHeaders.RETRY_AFTER);

            readiness().expectStatus().isEqualTo(503).expectBody().jsonPath("$.status").isEqualTo("DOWN");
            http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        } finally {
            CLUSTER.startServer();
        }
        long back = System.nanoTime();
        awaitReadiness(back + Duration.ofSeconds(5).toNanos());

        http.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "agent2", "password", "demo")).exchange().expectStatus().isOk();
        http.get().uri("/api/v1/customers/" + customerId).headers(h -> h.setBearerAuth(supervisor)).exchange()
                .expectStatus().isOk();
    }

    /**
     * Reconciliation across an outage: messages posted before, during and after it; every one the app acknowledged
     * (202) is stored, those it refused (503) are replayed by their sender once it is back, and in the end each message
     * is stored exactly once.
     */
    @Test
    void everyAcknowledgedMessageSurvivesTheOutageAndTheReplayedOnesAreStoredOnce() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        java.util.List<String> refused = new java.util.ArrayList<>();
        java.util.List<String> acknowledged = new java.util.ArrayList<>();
        int perPhase = 30;
        for (int phase = 0; phase < 3; phase++) {
            if (phase == 1) {
                CLUSTER.stopServer();
            }
            if (phase == 2) {
                CLUSTER.startServer();
                awaitReadiness(System.nanoTime() + Duration.ofSeconds(5).toNanos());
            }
            for (int i = 0; i < perPhase; i++) {
                String id = "outage-" + run + "-" + phase + "-" + i;
                int status = post(id, "visitor-" + run + "-" + (i % 5), "message " + phase + "/" + i);
                (status == 202 ? acknowledged : refused).add(id);
                assertThat(status).as("webhook %s", id).isIn(202, 503);
            }
        }
        assertThat(refused).hasSizeGreaterThanOrEqualTo(perPhase); // everything during the outage
        for (String id : refused) {
            assertThat(post(id, "visitor-" + run + "-replay", "replayed")).isEqualTo(202);
        }
        assertThat(count("SELECT count(*) FROM message WHERE external_id LIKE $1", "outage-" + run + "-%")).isEqualTo(3L * perPhase);
        assertThat(count("SELECT count(*) FROM (SELECT external_id FROM message WHERE external_id LIKE $1"
                + " GROUP BY external_id HAVING count(*) > 1) twice", "outage-" + run + "-%")).isZero();
    }

    /**
     * The offer history across an outage: the only available agent misses its offers while the database is down (2 s
     * offer timeout), so offers expire, the contacts are offered again and the agent is set away, none of which can be
     * written then; once the database is back every one of those lines is written (retried, not dropped).
     */
    @Test
    void theOfferHistoryOfAnOutageIsWrittenOnceTheDatabaseIsBack() {
        String token = login("agent4");
        long agentId = agentId("agent4");
        setState(token, "available");
        try (ConsoleSocket console = console(token)) {
            sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "anyone there?");
            console.await("offer", WAIT);
            awaitCount("SELECT count(*) FROM contact_event WHERE kind = 'offered' AND detail LIKE $1",
                    "offered to agent " + agentId + " until %");

            CLUSTER.stopServer();
            try {
                // Two missed offers in a row set the agent away: after that routing makes it no more offers.
                console.await(frame -> "agent.state".equals(frame.path("type").asString())
                        && "away".equals(frame.path("data").path("state").asString()), Duration.ofSeconds(20));
            } finally {
                CLUSTER.startServer();
            }
            awaitReadiness(System.nanoTime() + Duration.ofSeconds(5).toNanos());

            List<JsonNode> frames = console.received();
            long offers = frames.stream().filter(f -> "offer".equals(f.path("type").asString())).count();
            long revoked = frames.stream().filter(f -> "offer.revoked".equals(f.path("type").asString())
                    && !"taken".equals(f.path("data").path("reason").asString())).count();
            assertThat(offers).as("offers made, some during the outage").isGreaterThanOrEqualTo(2);
            awaitValue("SELECT count(*) FROM contact_event WHERE kind = 'offered' AND detail LIKE $1",
                    "offered to agent " + agentId + " until %", offers);
            awaitValue("SELECT count(*) FROM contact_event WHERE kind = 'queued' AND detail LIKE $1",
                    "offer to agent " + agentId + " %", revoked);
            awaitValue("SELECT count(*) FROM agent WHERE state = 'away' AND username = $1", "agent4", 1);
        }
    }

    /** Polls a count until it has the expected value; fails at the deadline. */
    private void awaitValue(String sql, Object bind, long expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (count(sql, bind) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + expected + " but was " + count(sql, bind) + " for " + sql);
            }
            try {
                Thread.sleep(100); // pause between polls, bounded by the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private int post(String id, String visitor, String text) {
        String body = Webhooks.body(visitor, text, null);
        long now = webhookNow();
        return postWebchat("demo", id, now, body, Webhooks.signature(Webhooks.DEMO_SECRET, id, now, body))
                .returnResult(String.class).getStatus().value();
    }

    private static void unavailable(WebTestClient.ResponseSpec response) {
        response.expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "2")
                .expectBody().jsonPath("$.detail").isEqualTo("the database is not available at the moment; retry later");
    }

    private WebTestClient.ResponseSpec readiness() {
        return http.get().uri("/actuator/health/readiness").exchange();
    }

    /** Polls readiness until it is UP; fails at the deadline. */
    private void awaitReadiness(long deadline) {
        while (true) {
            JsonNode health = http.get().uri("/actuator/health/readiness").exchange()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            if (health != null && "UP".equals(health.path("status").asString())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("readiness not UP within 5 s of the database's return: " + health);
            }
            try {
                Thread.sleep(100); // pause between polls, bounded by the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
