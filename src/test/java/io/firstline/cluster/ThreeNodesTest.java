package io.firstline.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.firstline.FirstlineApplication;
import io.firstline.channel.webchat.ChatSocket;
import io.firstline.intake.kafka.KafkaTestBroker;
import io.firstline.support.ConsoleSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Three app instances (separate Spring contexts on their own ports) over one in-JVM Kafka broker and one PostgreSQL
 * database: what one node publishes reaches the sockets connected to the others. The contexts are shared by the
 * test methods.
 */
class ThreeNodesTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** The nodes must share the session key, or a token issued by one is refused by another. */
    private static final String JWT_SECRET = "c2NhbGUtb3V0LXRlc3Qtc2hhcmVkLWhtYWMta2V5LTMyYnl0ZXMhIQ==";

    private static KafkaTestBroker broker;
    private static final List<Node> nodes = new ArrayList<>();
    private final List<AutoCloseable> sockets = new ArrayList<>();

    @BeforeAll
    static void startThreeNodes() {
        broker = KafkaTestBroker.start();
        for (int n = 1; n <= 3; n++) {
            nodes.add(new Node(new SpringApplicationBuilder(FirstlineApplication.class)
                    .profiles("demo", "test")
                    // As command-line arguments, so they win over application.yaml and the profiles.
                    .run("--server.port=0",
                            "--firstline.db.name=firstline_test_cluster",
                            // Only the first node wipes the shared database.
                            "--firstline.db.clean-on-start=" + (n == 1),
                            "--firstline.security.jwt-secret=" + JWT_SECRET,
                            "--firstline.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                            "--firstline.kafka.partitions=3",
                            "--firstline.kafka.commit-interval=200ms",
                            "--firstline.kafka.shutdown-timeout=3s",
                            "--firstline.cluster.node-id=node-" + n,
                            "--firstline.cluster.partitions=3",
                            "--logging.level.kafka=WARN",
                            "--logging.level.state.change.logger=WARN")));
        }
    }

    @AfterAll
    static void stopThreeNodes() {
        nodes.forEach(node -> node.context.close());
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void closeSockets() throws Exception {
        for (AutoCloseable socket : sockets) {
            socket.close();
        }
    }

    @Test
    void aVisitorOnNodeTwoChatsWithAnAgentOnNodeOne() {
        Node one = nodes.get(0);
        Node two = nodes.get(1);
        String agentToken = one.login("agent1");
        ConsoleSocket console = console(one, agentToken, "");

        JsonNode session = two.http.post().uri("/api/v1/chat/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("account", "demo")).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String visitorId = session.get("visitorId").asString();
        ChatSocket visitor = chat(two, session.get("token").asString());
        visitor.await("hello", WAIT);
        visitor.sendMessage("c-1", "Where is my parcel?");
        visitor.await("ack", WAIT);

        long contactId = one.awaitRow("SELECT c.id FROM contact c JOIN customer_identity i ON i.customer_id = c.customer_id"
                + " WHERE i.channel = 'webchat' AND i.handle = $1", "demo:" + visitorId);
        takeOver(one, contactId, "agent1");

        // The visitor writes again on node 2; whichever node stores it, agent 1's console on node 1 hears of it.
        visitor.sendMessage("c-2", "It was due yesterday");
        visitor.await(frame -> "ack".equals(frame.path("type").asString()) && "c-2".equals(frame.path("clientId").asString()), WAIT);
        console.await(ConsoleSocket.frame("message.new", contactId), WAIT);

        // The agent answers on node 1; the visitor's socket on node 2 gets the reply.
        one.http.post().uri("/api/v1/contacts/" + contactId + "/messages").headers(h -> h.setBearerAuth(agentToken))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "It leaves the depot today"))
                .exchange().expectStatus().is2xxSuccessful();
        JsonNode reply = visitor.await(frame -> "message".equals(frame.path("type").asString())
                && "agent".equals(frame.path("from").asString()), WAIT);
        assertThat(reply.get("text").asString()).isEqualTo("It leaves the depot today");
        assertThat(reply.get("agentName").asString()).isEqualTo("agent1");
    }

    @Test
    void anEventReachesEveryNodeOnceAndNeverLoopsBack() {
        String agentToken = nodes.get(0).login("agent2");
        List<ConsoleSocket> consoles = nodes.stream().map(node -> console(node, agentToken, "")).toList();

        JsonNode session = nodes.get(2).http.post().uri("/api/v1/chat/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("account", "demo")).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        ChatSocket visitor = chat(nodes.get(2), session.get("token").asString());
        visitor.await("hello", WAIT);
        visitor.sendMessage("d-1", "Hello?");
        long contactId = nodes.get(0).awaitRow("SELECT c.id FROM contact c JOIN customer_identity i ON i.customer_id = c.customer_id"
                + " WHERE i.channel = 'webchat' AND i.handle = $1", "demo:" + session.get("visitorId").asString());
        takeOver(nodes.get(0), contactId, "agent2");

        visitor.sendMessage("d-2", "First");
        consoles.forEach(console -> console.await(ConsoleSocket.frame("message.new", contactId), WAIT));
        visitor.sendMessage("d-3", "Second");
        long stored = 3;
        nodes.get(0).awaitRow("SELECT CASE WHEN count(*) >= $2 THEN count(*) END FROM message WHERE contact_id = $1",
                contactId, stored);
        // Two customer messages after the take-over: each console got exactly two frames, not one per node.
        for (ConsoleSocket console : consoles) {
            console.await(frame -> "message.new".equals(frame.path("type").asString())
                    && frame.path("data").path("contactId").asLong() == contactId
                    && countOf(console, contactId) == 2, WAIT);
        }
        visitor.sendMessage("d-4", "Third");
        for (ConsoleSocket console : consoles) {
            console.await(frame -> countOf(console, contactId) == 3, WAIT);
            assertThat(countOf(console, contactId)).isEqualTo(3);
        }
    }

    @Test
    void aConsoleMovingToAnotherNodeGetsAFreshSnapshotInsteadOfAResume() {
        String token = nodes.get(0).login("agent3");
        JsonNode firstHello = console(nodes.get(0), token, "").await("hello", WAIT);
        String epoch = firstHello.get("data").get("epoch").asString();

        JsonNode elsewhere = console(nodes.get(1), token, "?resumeAfter=" + firstHello.get("seq").asLong() + "&epoch=" + epoch)
                .await("hello", WAIT);
        assertThat(elsewhere.get("data").get("resumed").asBoolean()).isFalse();
        assertThat(elsewhere.get("data").get("epoch").asString()).isNotEqualTo(epoch);
        assertThat(elsewhere.get("data").has("contacts")).isTrue();
        assertThat(elsewhere.get("data").has("offers")).isTrue();
    }

    private static long countOf(ConsoleSocket console, long contactId) {
        return console.received().stream().filter(frame -> "message.new".equals(frame.path("type").asString())
                && frame.path("data").path("contactId").asLong() == contactId).count();
    }

    /**
     * Stands in for routing (routing ownership across nodes is not built yet): the agent takes the contact, as an
     * accepted offer would leave it.
     */
    private static void takeOver(Node node, long contactId, String username) {
        node.db.sql("UPDATE contact SET status = 'in_progress', assignee_id = a.id, first_responder_id = a.id"
                        + " FROM agent a WHERE a.username = $2 AND contact.id = $1")
                .bind(0, contactId).bind(1, username).then().block(WAIT);
    }

    private ConsoleSocket console(Node node, String token, String query) {
        ConsoleSocket socket = new ConsoleSocket(URI.create("ws://localhost:" + node.port() + "/ws/console" + query), token);
        sockets.add(socket);
        socket.await("hello", WAIT);
        return socket;
    }

    private ChatSocket chat(Node node, String token) {
        ChatSocket socket = new ChatSocket(URI.create("ws://localhost:" + node.port() + "/ws/chat?token=" + token));
        sockets.add(socket);
        return socket;
    }

    private static final class Node {
        final ConfigurableApplicationContext context;
        final WebTestClient http;
        final DatabaseClient db;

        Node(ConfigurableApplicationContext context) {
            this.context = context;
            this.http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port()).responseTimeout(WAIT).build();
            this.db = context.getBean(DatabaseClient.class);
        }

        int port() {
            return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        }

        String login(String username) {
            return http.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("username", username, "password", "demo"))
                    .exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody().get("token").asString();
        }

        long awaitRow(String sql, Object... binds) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                var spec = db.sql(sql);
                for (int i = 0; i < binds.length; i++) {
                    spec = spec.bind(i, binds[i]);
                }
                var value = spec.map(row -> java.util.Optional.ofNullable(row.get(0, Long.class))).first().block(WAIT);
                if (value != null && value.isPresent()) {
                    return value.get();
                }
                Thread.onSpinWait();
            }
            throw new AssertionError("no row for " + sql + " within " + WAIT);
        }
    }
}
