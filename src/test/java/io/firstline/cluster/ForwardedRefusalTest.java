package io.firstline.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.firstline.intake.kafka.KafkaTestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * A command forwarded to the routing owner that the owner refuses is answered at once with the refusal, so the node
 * that asked answers its caller as a local refusal does (503 problem+json with Retry-After) instead of waiting out
 * {@code routing-timeout}. Two nodes (the three-node test's settings, but these two bounds would break its other
 * tests): the owner refuses new work while one offer-history line waits ({@code history-backlog=1}), and the test
 * holds that line back with a real PostgreSQL lock on {@code contact_event}. The routing timeout (60 s) is much
 * longer than the HTTP client's 15 s, so only the owner's answer can pass.
 */
class ForwardedRefusalTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static KafkaTestBroker broker;
    private static List<ThreeNodesTest.Node> nodes;

    @BeforeAll
    static void startTwoNodes() {
        broker = KafkaTestBroker.start();
        String[] bounds = {"--firstline.routing.history-backlog=1", "--firstline.cluster.routing-timeout=60s"};
        nodes = List.of(ThreeNodesTest.startNode(1, "firstline_test_refusal", broker, bounds),
                ThreeNodesTest.startNode(2, "firstline_test_refusal", broker, bounds));
    }

    @AfterAll
    static void stopTwoNodes() {
        if (nodes != null) {
            nodes.forEach(node -> node.context.close());
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aCommandTheOwnerRefusesIsAnsweredBusyOnTheNodeThatForwardedIt() throws Exception {
        ThreeNodesTest.Node owner = ThreeNodesTest.awaitOneOwner(nodes);
        ThreeNodesTest.Node other = nodes.stream().filter(node -> node != owner).findFirst().orElseThrow();
        String first = other.login("agent1");
        String second = other.login("agent2");
        long contactId = other.webhook("visitor-refused-" + System.nanoTime(), "Is anybody there?");
        owner.awaitRow("SELECT id FROM contact WHERE id = $1 AND status = 'queued'", contactId);

        try (Connection lock = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + dbPort()
                + "/firstline_test_refusal", "postgres", "")) {
            lock.setAutoCommit(false);
            // Reads go on; the offer history's writer waits for this transaction, so its line stays queued.
            lock.createStatement().execute("LOCK TABLE contact_event IN EXCLUSIVE MODE");
            other.setState(first, "available");
            awaitTrue(() -> owner.gauge("firstline.routing.history.queued") >= 1, "the offer's history line queued on the owner");

            JsonNode problem = other.http.post().uri("/api/v1/agents/me/state").headers(h -> h.setBearerAuth(second))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("state", "available"))
                    .exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals("Retry-After", "1")
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(problem.get("detail").asString()).isEqualTo("routing is overloaded, retry shortly");
            lock.rollback();
        }

        // Once the history is written, the owner takes new work again.
        awaitTrue(() -> {
            try {
                other.setState(second, "available");
                return true;
            } catch (AssertionError stillBusy) {
                return false;
            }
        }, "agent2 available once the history caught up");
        owner.awaitRow("SELECT id FROM contact WHERE id = $1 AND status = 'offered'", contactId);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.onSpinWait();
        }
    }

    private static String dbPort() {
        return System.getenv().getOrDefault("FIRSTLINE_DB_PORT", "5432");
    }
}
