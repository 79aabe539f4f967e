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
import io.firstline.kernel.Channel;
import io.firstline.routing.RoutingEngine;
import io.firstline.support.Webhooks;
import reactor.core.publisher.Mono;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.http.client.ReactorResourceFactory;
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
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeNodesTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** The nodes must share the session key, or a token issued by one is refused by another. */
    private static final String JWT_SECRET = "c2NhbGUtb3V0LXRlc3Qtc2hhcmVkLWhtYWMta2V5LTMyYnl0ZXMhIQ==";
    /** A second web-chat account, attached to the second workspace by {@link #twoWorkspacesOnThreeNodesAreEachRoutedByOneNodeAtATime}. */
    private static final String BRANCH_SECRET = "whsec_Zmlyc3RsaW5lLWJyYW5jaC13ZWJjaGF0LXNlY3JldC0z";
    private static final String SECOND_CODE = "second_centre";
    private static final String SECOND_AGENT = "second-agent";
    private static final String SECOND_SUPERVISOR = "second-supervisor";

    private static KafkaTestBroker broker;
    private static final List<Node> nodes = new ArrayList<>();
    private final List<AutoCloseable> sockets = new ArrayList<>();

    @BeforeAll
    static void startThreeNodes() {
        broker = KafkaTestBroker.start();
        for (int n = 1; n <= 3; n++) {
            nodes.add(startNode(n, "firstline_test_cluster", broker));
        }
    }

    /**
     * Node {@code n} of a cluster over {@code broker} and database {@code database} (only node 1 wipes it), with the
     * settings of these tests and {@code extra} ones (which must not repeat those: a repeated argument is read as a list).
     */
    static Node startNode(int n, String database, KafkaTestBroker broker, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--firstline.db.name=" + database,
                // Only the first node wipes the shared database.
                "--firstline.db.clean-on-start=" + (n == 1),
                "--firstline.security.jwt-secret=" + JWT_SECRET,
                "--firstline.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--firstline.kafka.partitions=3",
                "--firstline.kafka.commit-interval=200ms",
                "--firstline.kafka.shutdown-timeout=3s",
                "--firstline.cluster.node-id=node-" + n,
                "--firstline.channels.webchat.accounts.branch.secret=" + BRANCH_SECRET,
                "--firstline.cluster.partitions=3",
                // The broker's smallest session timeout: a silent node loses its partitions after 6 s.
                "--firstline.cluster.session-timeout=6s",
                // Closing a node does not leave the group: to the broker it is a crash.
                "--firstline.cluster.leave-group-on-close=false",
                "--firstline.routing.offer-timeout=20s",
                // One chat at a time: two contacts for two available agents go one to each.
                "--firstline.routing.capacity.webchat=1",
                "--firstline.routing.phone-offer-timeout=20s",
                "--logging.level.kafka=WARN",
                "--logging.level.state.change.logger=WARN"));
        args.addAll(List.of(extra));
        return new Node("node-" + n, new SpringApplicationBuilder(FirstlineApplication.class)
                .profiles("demo", "test")
                // Each node its own Netty resources: closing one node must not stop the others' servers.
                .initializers(context -> context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
                    @Override
                    public Object postProcessBeforeInitialization(Object bean, String beanName) {
                        if (bean instanceof ReactorResourceFactory factory) {
                            factory.setUseGlobalResources(false);
                        }
                        return bean;
                    }
                }))
                // As command-line arguments, so they win over application.yaml and the profiles.
                .run(args.toArray(String[]::new)));
    }

    /** Until the group settled: exactly one node routes the workspace. */
    static Node awaitOneOwner(List<Node> among) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<Node> owners = among.stream().filter(Node::owns).toList();
            if (owners.size() == 1 && owners.get(0).routes()) {
                return owners.get(0);
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no single routing owner within 30 s: "
                + among.stream().map(node -> node.name + "=" + node.owns()).toList());
    }

    /** Until the group settled: exactly one node routes the workspace. */
    static Node awaitOwnerOf(List<Node> among, long workspaceId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<Node> owners = among.stream().filter(node -> node.routesWorkspace(workspaceId)).toList();
            if (owners.size() == 1) {
                return owners.get(0);
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no single routing owner of workspace " + workspaceId + " within 30 s: "
                + among.stream().map(node -> node.name + "=" + node.routesWorkspace(workspaceId)).toList());
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
        Node any = live().get(0);
        for (String agent : List.of("agent1", "agent2", "agent3", "agent4")) {
            any.setState(any.login(agent), "offline");
        }
    }

    private static List<Node> live() {
        return nodes.stream().filter(node -> node.context.isActive()).toList();
    }

    @Test
    @Order(1)
    void agentsOnDifferentNodesGetOffersFromTheOwnerAndAcceptOnAnyNode() {
        Node owner = awaitOneOwner(nodes);
        Node one = nodes.get(0);
        Node two = nodes.get(1);
        Node three = nodes.get(2);
        String first = one.login("agent1");
        String second = two.login("agent2");
        ConsoleSocket onOne = console(one, first, "");
        ConsoleSocket onTwo = console(two, second, "");
        one.setState(first, "available");
        two.setState(second, "available");

        long a = three.webhook("visitor-a-" + System.nanoTime(), "My router is dead");
        long b = three.webhook("visitor-b-" + System.nanoTime(), "My modem is dead");
        JsonNode offerA = awaitOffer(List.of(onOne, onTwo), a);
        JsonNode offerB = awaitOffer(List.of(onOne, onTwo), b);
        // One each (one chat at a time per agent): both agents are known to the owner, wherever they connected.
        assertThat(List.of(offerA.get("agentOn").asString(), offerB.get("agentOn").asString()))
                .containsExactlyInAnyOrder("one", "two");

        // Each accepts on a node that is not the owner where possible: the answer is the owner's.
        for (JsonNode offer : List.of(offerA, offerB)) {
            boolean mine = offer.get("agentOn").asString().equals("one");
            String token = mine ? first : second;
            Node elsewhere = nodes.stream().filter(node -> node != owner).findFirst().orElseThrow();
            JsonNode contact = elsewhere.http.post().uri("/api/v1/offers/" + offer.get("data").get("offerId").asString() + "/accept")
                    .headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(contact.get("assignee").get("name").asString()).isNotBlank();
            // The same offer again: the owner says it is no longer open.
            elsewhere.http.post().uri("/api/v1/offers/" + offer.get("data").get("offerId").asString() + "/accept")
                    .headers(h -> h.setBearerAuth(token)).exchange().expectStatus().is4xxClientError();
        }
        assertThat(one.count("SELECT count(*) FROM contact WHERE id IN ($1, $2) AND status = 'in_progress'", a, b)).isEqualTo(2);
        // Ownership is visible per node: exactly one node reports the workspace.
        assertThat(nodes.stream().mapToDouble(node -> node.gauge("firstline.routing.owned.workspaces")).sum()).isEqualTo(1.0);
    }

    private static JsonNode awaitOffer(List<ConsoleSocket> consoles, long contactId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < consoles.size(); i++) {
                var found = consoles.get(i).received().stream()
                        .filter(ConsoleSocket.frame("offer", contactId)).findFirst();
                if (found.isPresent()) {
                    tools.jackson.databind.node.ObjectNode offer = (tools.jackson.databind.node.ObjectNode) found.get();
                    return offer.put("agentOn", i == 0 ? "one" : "two");
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no offer for contact " + contactId + " within " + WAIT);
    }

    @Test
    @Order(2)
    void aVisitorOnNodeTwoChatsWithAnAgentOnNodeOne() {
        Node one = nodes.get(0);
        Node two = nodes.get(1);
        String agentToken = one.login("agent3");
        ConsoleSocket console = console(one, agentToken, "");

        JsonNode session = two.http.post().uri("/api/v1/chat/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("account", "demo")).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String visitorId = session.get("visitorId").asString();
        one.setState(agentToken, "available");
        ChatSocket visitor = chat(two, session.get("token").asString());
        visitor.await("hello", WAIT);
        visitor.sendMessage("c-1", "Where is my parcel?");
        visitor.await("ack", WAIT);

        long contactId = one.awaitRow("SELECT c.id FROM contact c JOIN customer_identity i ON i.customer_id = c.customer_id"
                + " WHERE i.channel = 'webchat' AND i.handle = $1", "demo:" + visitorId);
        take(one, agentToken, console, contactId);

        // The visitor writes again on node 2; whichever node stores it, the agent's console on node 1 hears of it.
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
        assertThat(reply.get("agentName").asString()).isEqualTo("agent3");
    }

    @Test
    @Order(3)
    void anEventReachesEveryNodeOnceAndNeverLoopsBack() {
        String agentToken = nodes.get(0).login("agent4");
        List<ConsoleSocket> consoles = nodes.stream().map(node -> console(node, agentToken, "")).toList();
        nodes.get(0).setState(agentToken, "available");

        JsonNode session = nodes.get(2).http.post().uri("/api/v1/chat/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("account", "demo")).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        ChatSocket visitor = chat(nodes.get(2), session.get("token").asString());
        visitor.await("hello", WAIT);
        visitor.sendMessage("d-1", "Hello?");
        long contactId = nodes.get(0).awaitRow("SELECT c.id FROM contact c JOIN customer_identity i ON i.customer_id = c.customer_id"
                + " WHERE i.channel = 'webchat' AND i.handle = $1", "demo:" + session.get("visitorId").asString());
        take(nodes.get(1), agentToken, consoles.get(0), contactId);

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

    /**
     * Only the owner's router sees what routing does; a supervisor's wallboard on a node that does not route still
     * shows the whole workspace: the contact waiting, then taken by an agent connected to yet another node.
     */
    @Test
    @Order(4)
    void aWallboardOnANodeThatDoesNotRouteFollowsAContactTakenOnAnother() {
        Node owner = awaitOneOwner(nodes);
        owner.closeOpenContacts();
        Node watcher = nodes.stream().filter(node -> node != owner).findFirst().orElseThrow();
        Node taker = nodes.stream().filter(node -> node != owner && node != watcher).findFirst().orElseThrow();
        ConsoleSocket wallboard = new ConsoleSocket(URI.create("ws://localhost:" + watcher.port() + "/ws/wallboard"),
                watcher.login("supervisor1"));
        sockets.add(wallboard);
        JsonNode settled = wallboard.await(frame -> "stats".equals(frame.path("type").asString())
                && webchat(frame).path("waiting").asInt(-1) == 0, WAIT);
        long answeredBefore = webchat(settled).path("answeredToday").asLong();

        String agent = taker.login("agent2");
        ConsoleSocket console = console(taker, agent, "");
        long contactId = owner.webhook("wallboard-" + System.nanoTime(), "Is anybody watching?");
        wallboard.await(frame -> "stats".equals(frame.path("type").asString())
                && webchat(frame).path("waiting").asInt() == 1 && webchat(frame).hasNonNull("longestWaitingSince"), WAIT);

        taker.setState(agent, "available");
        take(taker, agent, console, contactId);
        JsonNode taken = wallboard.await(frame -> "stats".equals(frame.path("type").asString())
                && webchat(frame).path("answeredToday").asLong() == answeredBefore + 1, WAIT);
        assertThat(webchat(taken).path("waiting").asInt()).isZero();
        long agentId = owner.count("SELECT id FROM agent WHERE username = 'agent2'");
        JsonNode agentRow = java.util.stream.StreamSupport.stream(taken.path("data").path("agents").spliterator(), false)
                .filter(row -> row.path("id").asLong() == agentId).findFirst().orElseThrow();
        assertThat(agentRow.path("state").asString()).isEqualTo("available");
        assertThat(agentRow.path("load").asInt()).isEqualTo(1);
        // The REST figures on that node are the workspace's too.
        watcher.http.get().uri("/api/v1/wallboard").headers(h -> h.setBearerAuth(watcher.login("supervisor1")))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.queues[?(@.channel == 'webchat')].answeredToday").isEqualTo((int) (answeredBefore + 1));
        // The live gauges are per node and per workspace: the owner counts, a node that does not route reports zero.
        assertThat(owner.webchatGauge("firstline.live.answered_today")).isEqualTo(answeredBefore + 1);
        assertThat(watcher.webchatGauge("firstline.live.answered_today")).isZero();
    }

    /** Until the node's wallboard figures show this many web chats answered today. */
    private static void awaitWallboardAnswered(Node node, long answered) {
        String token = node.login("supervisor1");
        long deadline = System.nanoTime() + WAIT.toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            JsonNode figures = node.http.get().uri("/api/v1/wallboard").headers(h -> h.setBearerAuth(token)).exchange()
                    .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            seen = webchatOf(figures).path("answeredToday").asLong(-1);
            if (seen == answered) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError(node.name + "'s wallboard shows " + seen + " web chats answered today, not " + answered);
    }

    private static JsonNode webchat(JsonNode statsFrame) {
        return webchatOf(statsFrame.path("data"));
    }

    /** The web-chat queue of the wallboard figures. */
    private static JsonNode webchatOf(JsonNode figures) {
        for (JsonNode queue : figures.path("queues")) {
            if ("webchat".equals(queue.path("channel").asString())) {
                return queue;
            }
        }
        return tools.jackson.databind.node.MissingNode.getInstance();
    }

    /**
     * An agent created while the nodes run, who only ever uses a node that does not route: the owner learns of them
     * with their first presence change (it used to know only the agents of its last rebuild, so such an agent was
     * never offered anything until the next take-over; the benchmark's agents, seeded after start-up, were all so).
     */
    @Test
    @Order(5)
    void anAgentCreatedWhileTheNodesRunIsOfferedContactsOnANodeThatDoesNotRoute() {
        Node owner = awaitOneOwner(nodes);
        owner.closeOpenContacts();
        Node elsewhere = nodes.stream().filter(node -> node != owner).findFirst().orElseThrow();
        String username = "late-agent-" + System.nanoTime() % 1_000_000;
        long agentId = owner.count("INSERT INTO agent (workspace_id, username, display_name, password_hash, role)"
                + " SELECT workspace_id, $1, 'Late agent', password_hash, 'agent' FROM agent WHERE username = 'agent1' RETURNING id",
                username);
        owner.count("INSERT INTO agent_skill (agent_id, skill) VALUES ($1, 'webchat') RETURNING agent_id", agentId);
        String token = elsewhere.login(username);
        ConsoleSocket console = console(elsewhere, token, "");
        elsewhere.setState(token, "available");
        try {
            long contactId = elsewhere.webhook("late-" + System.nanoTime(), "Is there someone new?");
            JsonNode offer = console.await(ConsoleSocket.frame("offer", contactId), WAIT);
            assertThat(offer.get("data").get("contactId").asLong()).isEqualTo(contactId);
        } finally {
            elsewhere.setState(token, "offline");
        }
    }

    @Test
    @Order(5)
    void aConsoleMovingToAnotherNodeGetsAFreshSnapshotInsteadOfAResume() {
        String token = nodes.get(0).login("agent1");
        JsonNode firstHello = console(nodes.get(0), token, "").await("hello", WAIT);
        String epoch = firstHello.get("data").get("epoch").asString();

        JsonNode elsewhere = console(nodes.get(1), token, "?resumeAfter=" + firstHello.get("seq").asLong() + "&epoch=" + epoch)
                .await("hello", WAIT);
        assertThat(elsewhere.get("data").get("resumed").asBoolean()).isFalse();
        assertThat(elsewhere.get("data").get("epoch").asString()).isNotEqualTo(epoch);
        assertThat(elsewhere.get("data").has("contacts")).isTrue();
        assertThat(elsewhere.get("data").has("offers")).isTrue();
    }

    /**
     * The owner stops without a word to the group (as if killed) while contacts keep coming: after the broker's
     * session timeout another node routes, the offers that were open are made again, and SQL shows no message
     * lost and no contact accepted twice.
     */
    @Test
    @Order(6)
    void twoWorkspacesOnThreeNodesAreEachRoutedByOneNodeAtATime() {
        Node one = nodes.get(0);
        Node two = nodes.get(1);
        Node three = nodes.get(2);
        one.closeOpenContacts();
        long demo = one.count("SELECT id FROM workspace WHERE code = 'demo'");
        // A workspace created while the nodes run: no node routes it until its first command comes.
        long second = one.count("INSERT INTO workspace (code, name) VALUES ($1, 'Second centre') RETURNING id", SECOND_CODE);
        one.count("INSERT INTO queue (workspace_id, code, name, channel, skill) VALUES ($1, 'webchat', 'Second chat', 'webchat',"
                + " 'webchat') RETURNING id", second);
        long secondAgent = one.count("INSERT INTO agent (workspace_id, username, display_name, password_hash, role)"
                + " SELECT $1, $2, 'Second agent', password_hash, 'agent' FROM agent WHERE username = 'agent1' RETURNING id",
                second, SECOND_AGENT);
        one.count("INSERT INTO agent_skill (agent_id, skill) VALUES ($1, 'webchat') RETURNING agent_id", secondAgent);
        one.count("INSERT INTO agent (workspace_id, username, display_name, password_hash, role)"
                + " SELECT $1, $2, 'Second supervisor', password_hash, 'supervisor' FROM agent WHERE username = 'agent1' RETURNING id",
                second, SECOND_SUPERVISOR);
        one.http.put().uri("/api/v1/channel-accounts/webchat/branch").headers(h -> h.setBearerAuth(one.login("admin")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("workspace", SECOND_CODE))
                .exchange().expectStatus().isOk();
        // Announced to every node: wherever intake processes the account's messages, they open in the second workspace.
        for (Node node : nodes) {
            awaitTrue(() -> node.workspaceOfAccount("branch") == second, node.name + " resolves the branch account");
        }

        String demoToken = one.login("agent1");
        String secondToken = two.login(SECOND_CODE, SECOND_AGENT);
        ConsoleSocket demoConsole = console(one, demoToken, "");
        ConsoleSocket secondConsole = console(two, secondToken, "");
        one.setState(demoToken, "available");
        try {
            two.setState(secondToken, "available");
            Node demoOwner = awaitOwnerOf(nodes, demo);
            Node secondOwner = awaitOwnerOf(nodes, second);
            System.out.printf("Workspace demo routed by %s, %s by %s%n", demoOwner.name, SECOND_CODE, secondOwner.name);
            // The gauge per node: the cluster's sum is the number of workspaces.
            assertThat(nodes.stream().mapToDouble(node -> node.gauge("firstline.routing.owned.workspaces")).sum()).isEqualTo(2.0);

            // The second workspace's supervisor watches its wallboard on a node that does not route it.
            Node secondWatcher = nodes.stream().filter(node -> node != secondOwner).findFirst().orElseThrow();
            ConsoleSocket secondWallboard = new ConsoleSocket(URI.create("ws://localhost:" + secondWatcher.port() + "/ws/wallboard"),
                    secondWatcher.login(SECOND_CODE, SECOND_SUPERVISOR));
            sockets.add(secondWallboard);
            secondWallboard.await(frame -> "stats".equals(frame.path("type").asString())
                    && webchat(frame).path("enteredToday").asLong(-1) == 0, WAIT);
            long demoAnsweredBefore = webchatOf(figuresOf(one, one.login("supervisor1"))).path("answeredToday").asLong();

            long demoContact = three.webhook("demo", Webhooks.DEMO_SECRET, "first-" + System.nanoTime(), "For the first centre");
            long secondContact = three.webhook("branch", BRANCH_SECRET, "second-" + System.nanoTime(), "For the second centre");
            assertThat(one.count("SELECT workspace_id FROM contact WHERE id = $1", secondContact)).isEqualTo(second);
            take(three, secondToken, secondConsole, secondContact);
            take(three, demoToken, demoConsole, demoContact);
            assertThat(demoConsole.received()).noneMatch(ConsoleSocket.frame("offer", secondContact));
            assertThat(secondConsole.received()).noneMatch(ConsoleSocket.frame("offer", demoContact));

            // Each workspace's wallboard follows its own contact and agents only, on whichever node it is watched.
            JsonNode secondFigures = secondWallboard.await(frame -> "stats".equals(frame.path("type").asString())
                    && webchat(frame).path("answeredToday").asLong() == 1, WAIT).path("data");
            awaitTrue(() -> webchatOf(figuresOf(two, two.login("supervisor1"))).path("answeredToday").asLong()
                    == demoAnsweredBefore + 1, "the first centre's wallboard counts its contact");
            secondFigures = figuresOf(secondWatcher, secondWatcher.login(SECOND_CODE, SECOND_SUPERVISOR));
            assertThat(webchatOf(secondFigures).path("enteredToday").asLong()).as("the first centre's contact is not the second's")
                    .isEqualTo(1);
            assertThat(webchatOf(secondFigures).path("answeredToday").asLong()).isEqualTo(1);
            assertThat(agentIds(secondFigures)).containsExactly(secondAgent);
            assertThat(agentIds(figuresOf(secondWatcher, secondWatcher.login("supervisor1")))).doesNotContain(secondAgent)
                    .contains(one.count("SELECT id FROM agent WHERE username = 'agent1'"));
            // Its gauges carry its code: counted on the node that routes it.
            awaitTrue(() -> secondOwner.webchatGauge("firstline.live.answered_today", SECOND_CODE) == 1,
                    "the second centre's gauge on its owner");

            // Reconciled in SQL: each workspace's contact went to its own agent, nothing was offered across
            // workspaces or accepted twice, and each workspace still has exactly one owner.
            assertThat(one.count("SELECT assignee_id FROM contact WHERE id = $1", secondContact)).isEqualTo(secondAgent);
            assertThat(one.count("SELECT assignee_id FROM contact WHERE id = $1", demoContact)).isEqualTo(one.count(
                    "SELECT id FROM agent WHERE username = 'agent1'"));
            assertThat(one.count(OFFERS_ACROSS_WORKSPACES)).isZero();
            assertThat(one.count("SELECT count(*) FROM (SELECT contact_id FROM contact_event WHERE kind = 'accepted'"
                    + " GROUP BY contact_id HAVING count(*) > 1) twice")).isZero();
            assertThat(nodes.stream().filter(node -> node.routesWorkspace(demo)).count()).isOne();
            assertThat(nodes.stream().filter(node -> node.routesWorkspace(second)).count()).isOne();

            // On firstline.events each workspace's events carry its own key (so they stay in order on one
            // partition): the offers by the contact's workspace, the assignments by their agent's.
            assertThat(eventKey("io.firstline.routing.OfferMade", event -> event.at("/offer/contact/contactId").asLong() == secondContact))
                    .isEqualTo(SECOND_CODE);
            assertThat(eventKey("io.firstline.routing.OfferMade", event -> event.at("/offer/contact/contactId").asLong() == demoContact))
                    .isEqualTo("demo");
            assertThat(eventKey("io.firstline.contact.ContactAssigned", event -> event.at("/contact/id").asLong() == secondContact))
                    .isEqualTo(SECOND_CODE);
            assertThat(eventKey("io.firstline.contact.ContactAssigned", event -> event.at("/contact/id").asLong() == demoContact))
                    .isEqualTo("demo");
        } finally {
            two.setState(secondToken, "offline");
        }
    }

    /** The figures of the caller's workspace, as {@code GET /api/v1/wallboard} on that node gives them. */
    private static JsonNode figuresOf(Node node, String token) {
        return node.http.get().uri("/api/v1/wallboard").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static List<Long> agentIds(JsonNode figures) {
        return java.util.stream.StreamSupport.stream(figures.path("agents").spliterator(), false)
                .map(row -> row.path("id").asLong()).toList();
    }

    /** The key of the first record on firstline.events of that type whose event matches, read from the beginning. */
    private static String eventKey(String type, java.util.function.Predicate<JsonNode> matching) {
        Map<String, Object> config = Map.of("bootstrap.servers", broker.bootstrapServers(),
                "key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class,
                "value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(config)) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor("firstline.events").stream()
                    .map(info -> new org.apache.kafka.common.TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    var header = record.headers().lastHeader("firstline.event");
                    if (header != null && type.equals(new String(header.value(), java.nio.charset.StandardCharsets.UTF_8))
                            && matching.test(json.readTree(record.value()))) {
                        return record.key();
                    }
                }
            }
        }
        throw new AssertionError("no " + type + " on firstline.events within " + WAIT);
    }

    /** Offers (from the stored history) to an agent of another workspace than the contact's. */
    private static final String OFFERS_ACROSS_WORKSPACES = "SELECT count(*) FROM contact_event e JOIN contact c ON c.id = e.contact_id"
            + " JOIN agent a ON e.detail LIKE 'offered to agent ' || a.id || ' until %'"
            + " WHERE e.kind = 'offered' AND a.workspace_id <> c.workspace_id";

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    @Order(7)
    void whenTheOwnerDiesAnotherNodeRoutesAndNothingIsLostOrAssignedTwice() {
        Node owner = awaitOneOwner(nodes);
        owner.closeOpenContacts();
        List<Node> survivors = nodes.stream().filter(node -> node != owner).toList();
        List<String> agents = List.of("agent1", "agent2", "agent3", "agent4");
        List<String> tokens = agents.stream().map(agent -> survivors.get(0).login(agent)).toList();
        List<ConsoleSocket> consoles = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
            Node node = survivors.get(i % survivors.size());
            consoles.add(console(node, tokens.get(i), ""));
            node.setState(tokens.get(i), "available");
        }
        List<Long> before = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            before.add(survivors.get(i % 2).webhook("before-" + i + "-" + System.nanoTime(), "Before the failover " + i));
        }
        // Agents 1 and 2 accept theirs; agents 3 and 4 leave their offers open when the owner dies.
        List<String> openOfferIds = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
            JsonNode offer = consoles.get(i).await("offer", WAIT);
            String offerId = offer.get("data").get("offerId").asString();
            if (i < 2) {
                String token = tokens.get(i);
                survivors.get(0).http.post().uri("/api/v1/offers/" + offerId + "/accept")
                        .headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();
            } else {
                openOfferIds.add(offerId);
            }
        }

        // What the wallboards show before the failover: the owner's count, as published to the other nodes.
        long answeredBefore = (long) owner.webchatGauge("firstline.live.answered_today");
        awaitWallboardAnswered(survivors.get(0), answeredBefore);

        long closedAt = System.nanoTime();
        owner.context.close();
        List<Long> during = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            during.add(survivors.get(i % 2).webhook("during-" + i + "-" + System.nanoTime(), "During the failover " + i));
        }
        Node next = awaitOneOwner(survivors);
        System.out.printf("Failover: %s routes %d ms after the owner stopped (session timeout 6 s)%n", next.name,
                (System.nanoTime() - closedAt) / 1_000_000);
        // The second workspace (previous test) is routed by exactly one survivor too, whichever node routed it before.
        long second = next.count("SELECT id FROM workspace WHERE code = $1", SECOND_CODE);
        Node secondOwner = awaitOwnerOf(survivors, second);
        assertThat(survivors.stream().mapToDouble(node -> node.gauge("firstline.routing.owned.workspaces")).sum()).isEqualTo(2.0);
        String secondToken = survivors.get(0).login(SECOND_CODE, SECOND_AGENT);
        survivors.get(0).setState(secondToken, "available");
        long secondContact = survivors.get(1).webhook("branch", BRANCH_SECRET, "after-" + System.nanoTime(), "After the failover");
        survivors.get(0).awaitRow("SELECT e.contact_id FROM contact_event e JOIN agent a ON a.username = $2"
                + " WHERE e.contact_id = $1 AND e.kind = 'offered' AND e.detail LIKE 'offered to agent ' || a.id || ' until %'",
                secondContact, SECOND_AGENT);
        System.out.printf("Workspace %s routed by %s after the failover%n", SECOND_CODE, secondOwner.name);
        survivors.get(0).setState(secondToken, "offline");

        // The open offers are made again by the new owner; the old ones can no longer be accepted.
        for (int i = 2; i < agents.size(); i++) {
            String old = openOfferIds.get(i - 2);
            ConsoleSocket console = consoles.get(i);
            JsonNode remade = console.await(frame -> "offer".equals(frame.path("type").asString())
                    && !old.equals(frame.path("data").path("offerId").asString()), Duration.ofSeconds(30));
            String token = tokens.get(i);
            survivors.get(1).http.post().uri("/api/v1/offers/" + old + "/accept")
                    .headers(h -> h.setBearerAuth(token)).exchange().expectStatus().is4xxClientError();
            survivors.get(1).http.post().uri("/api/v1/offers/" + remade.get("data").get("offerId").asString() + "/accept")
                    .headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();
        }

        // The new owner carried today's figures on: the two accepted since add to the count, nothing fell to zero.
        awaitWallboardAnswered(survivors.get(0), answeredBefore + 2);
        awaitWallboardAnswered(survivors.get(1), answeredBefore + 2);

        Node db = survivors.get(0);
        List<Long> all = new ArrayList<>(before);
        all.addAll(during);
        String ids = all.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        // Every acknowledged message is stored once, each in its own contact, none closed or lost.
        assertThat(db.count("SELECT count(DISTINCT contact_id) FROM message WHERE contact_id IN (" + ids + ")")).isEqualTo(12);
        assertThat(db.count("SELECT count(*) FROM message WHERE contact_id IN (" + ids + ") AND direction = 'inbound'")).isEqualTo(12);
        // No contact accepted twice, each agent holds exactly the one chat it accepted.
        assertThat(db.count("SELECT count(*) FROM (SELECT contact_id FROM contact_event WHERE kind = 'accepted' AND contact_id IN ("
                + ids + ") GROUP BY contact_id HAVING count(*) > 1) twice")).isZero();
        assertThat(db.count("SELECT count(*) FROM contact WHERE id IN (" + ids + ") AND status = 'in_progress'")).isEqualTo(4);
        assertThat(db.count("SELECT count(DISTINCT assignee_id) FROM contact WHERE id IN (" + ids + ") AND status = 'in_progress'"))
                .isEqualTo(4);
        // The others still wait, for the new owner to offer when someone has room.
        assertThat(db.count("SELECT count(*) FROM contact WHERE id IN (" + ids + ") AND status IN ('queued', 'offered')")).isEqualTo(8);
    }

    private static long countOf(ConsoleSocket console, long contactId) {
        return console.received().stream().filter(frame -> "message.new".equals(frame.path("type").asString())
                && frame.path("data").path("contactId").asLong() == contactId).count();
    }

    /** The agent accepts the contact's offer (on {@code node}, wherever the offer was made). */
    private static void take(Node node, String token, ConsoleSocket console, long contactId) {
        JsonNode offer = console.await(ConsoleSocket.frame("offer", contactId), WAIT);
        node.http.post().uri("/api/v1/offers/" + offer.get("data").get("offerId").asString() + "/accept")
                .headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();
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

    static final class Node {
        final String name;
        final ConfigurableApplicationContext context;
        final WebTestClient http;
        final DatabaseClient db;

        Node(String name, ConfigurableApplicationContext context) {
            this.name = name;
            this.context = context;
            this.http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port()).responseTimeout(WAIT).build();
            this.db = context.getBean(DatabaseClient.class);
        }

        int port() {
            return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        }

        /** Chats earlier tests left with agents are closed and leave routing, so every agent has room again. */
        void closeOpenContacts() {
            RoutingEngine routing = context.getBean(RoutingEngine.class);
            db.sql("SELECT id, assignee_id, channel, status, workspace_id FROM contact WHERE status NOT IN ('resolved', 'follow_up', 'closed')")
                    .map(row -> new Object[] {row.get("id", Long.class), row.get("assignee_id", Long.class),
                            row.get("channel", String.class), row.get("status", String.class), row.get("workspace_id", Long.class)})
                    .all()
                    .concatMap(open -> {
                        long contactId = (Long) open[0];
                        long workspaceId = (Long) open[4];
                        Mono<Void> leaveRouting = open[1] != null && List.of("in_progress", "replied").contains(open[3])
                                ? routing.release((Long) open[1], Channel.fromWireName((String) open[2]).orElseThrow())
                                : routing.withdraw(workspaceId, contactId);
                        return leaveRouting.then(db.sql("UPDATE contact SET status = 'closed' WHERE id = $1")
                                .bind(0, contactId).then());
                    })
                    .then()
                    .block(WAIT);
        }

        double gauge(String name) {
            var gauge = context.getBean(MeterRegistry.class).find(name).gauge();
            return gauge == null ? 0 : gauge.value();
        }

        /** The demo workspace's web-chat gauge. */
        double webchatGauge(String name) {
            return webchatGauge(name, "demo");
        }

        double webchatGauge(String name, String workspace) {
            var gauge = context.getBean(MeterRegistry.class).find(name).tag("channel", "webchat").tag("workspace", workspace)
                    .gauge();
            return gauge == null ? -1 : gauge.value();
        }

        /** Routes the node's own workspace (demo). */
        boolean owns() {
            return context.isActive() && context.getBean(RoutingEngine.class)
                    .routesHere(context.getBean(io.firstline.platform.WorkspaceDirectory.class).id().block(WAIT));
        }

        boolean routesWorkspace(long workspaceId) {
            return context.isActive() && context.getBean(RoutingEngine.class).forwarding()
                    && context.getBean(RoutingEngine.class).routesHere(workspaceId);
        }

        /** The workspace this node's intake opens a web-chat account's contacts in. */
        long workspaceOfAccount(String account) {
            return context.getBean(io.firstline.intake.ChannelAccounts.class).resolver().block(WAIT)
                    .workspaceOf(new io.firstline.intake.InboundEnvelope(Channel.WEBCHAT, account, "probe", "probe", "probe",
                            null, "probe", java.time.Instant.now()));
        }

        /** Owns and has rebuilt: its router answers. */
        boolean routes() {
            try {
                setState(login("manager1"), "offline");
                return true;
            } catch (AssertionError notYet) {
                return false;
            }
        }

        void setState(String token, String state) {
            http.post().uri("/api/v1/agents/me/state").headers(h -> h.setBearerAuth(token))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("state", state))
                    .exchange().expectStatus().isOk();
        }

        /** A signed web-chat webhook to this node; the id of the contact it made, once stored. */
        long webhook(String visitorId, String text) {
            return webhook("demo", Webhooks.DEMO_SECRET, visitorId, text);
        }

        /** As {@link #webhook(String, String)}, to another web-chat account. */
        long webhook(String account, String secret, String visitorId, String text) {
            String id = Webhooks.newId();
            String body = Webhooks.body(visitorId, text, "Visitor " + visitorId);
            long now = Webhooks.now();
            http.post().uri("/webhooks/webchat/" + account).contentType(MediaType.APPLICATION_JSON)
                    .header("webhook-id", id).header("webhook-timestamp", Long.toString(now))
                    .header("webhook-signature", Webhooks.signature(secret, id, now, body))
                    .bodyValue(body).exchange().expectStatus().isAccepted();
            return awaitRow("SELECT contact_id FROM message WHERE channel = 'webchat' AND external_id = $1", id);
        }

        long count(String sql, Object... binds) {
            var spec = db.sql(sql);
            for (int i = 0; i < binds.length; i++) {
                spec = spec.bind(i, binds[i]);
            }
            return spec.map(row -> row.get(0, Long.class)).first().block(WAIT);
        }

        String login(String username) {
            return login(null, username);
        }

        /** Logs in to the workspace of that code (null: the default workspace). */
        String login(String workspace, String username) {
            Map<String, String> credentials = new java.util.HashMap<>(Map.of("username", username, "password", "demo"));
            if (workspace != null) {
                credentials.put("workspace", workspace);
            }
            return http.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(credentials)
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
