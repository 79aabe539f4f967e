package io.firstline.support;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.firstline.kernel.Channel;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.security.TokenService;
import io.firstline.routing.RoutingEngine;
import io.firstline.supervision.Supervision;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The whole app on a random port against the real local PostgreSQL (database
 * firstline_test, wiped at context start), driven by real HTTP and WebSocket clients.
 * Every test starts with all demo agents offline, so only the agents it makes
 * available receive offers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
public abstract class AppTestBase {

    protected static final Duration WAIT = Duration.ofSeconds(10);
    protected static final List<String> AGENTS = List.of("agent1", "agent2", "agent3", "agent4");

    @LocalServerPort
    protected int port;

    @Autowired
    protected DatabaseClient db;

    protected WebTestClient http;
    private final List<ConsoleSocket> sockets = new ArrayList<>();

    @BeforeEach
    void connectAndClearPresence() {
        http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(WAIT).build();
        AGENTS.forEach(agent -> setState(presenceToken(agent), "offline"));
    }

    @Autowired
    private TokenService tokens;

    /**
     * A token for resetting presence around each test, minted directly: eight bcrypt checks per test on a
     * two-thread pool made set-up and teardown the slowest (and, under CI load, a timed-out) part of the
     * suite. Tests of logging in use {@link #login(String)}, which goes through the real endpoint.
     */
    private String presenceToken(String username) {
        AgentPrincipal agent = db.sql("SELECT id, workspace_id, role FROM agent WHERE username = $1 AND workspace_id = "
                        + DEFAULT_WORKSPACE).bind(0, username)
                .map(row -> new AgentPrincipal(row.get("id", Long.class), row.get("workspace_id", Long.class), username,
                        row.get("role", String.class)))
                .one()
                .block(WAIT);
        return tokens.issue(agent).token();
    }

    @Autowired
    private RoutingEngine routing;

    @Autowired
    private Supervision supervision;

    @AfterEach
    void closeSocketsAndContacts() {
        sockets.forEach(ConsoleSocket::close);
        AGENTS.forEach(agent -> setState(presenceToken(agent), "offline"));
        closeOpenContacts();
    }

    /** Contacts a test left open would be offered in the next test: close them and take them out of routing. */
    private void closeOpenContacts() {
        db.sql("SELECT id, assignee_id, channel, status, workspace_id FROM contact WHERE status NOT IN ('resolved', 'follow_up', 'closed')")
                .map(row -> new Object[] {row.get("id", Long.class), row.get("assignee_id", Long.class),
                        row.get("channel", String.class), row.get("status", String.class), row.get("workspace_id", Long.class)})
                .all()
                .concatMap(open -> {
                    long contactId = (Long) open[0];
                    long workspaceId = (Long) open[4];
                    supervision.forget(contactId);
                    Mono<Void> leaveRouting = open[1] != null && List.of("in_progress", "replied").contains(open[3])
                            ? routing.release((Long) open[1], Channel.fromWireName((String) open[2]).orElseThrow())
                            : routing.withdraw(workspaceId, contactId);
                    return leaveRouting.then(db.sql("UPDATE contact SET status = 'closed' WHERE id = $1").bind(0, contactId).then());
                })
                .then()
                .block(WAIT);
    }

    protected String login(String username) {
        return login(null, username);
    }

    /** Logs in to the workspace of that code (null: the default workspace, as a login without a code does). */
    protected String login(String workspace, String username) {
        Map<String, String> credentials = new java.util.HashMap<>(Map.of("username", username, "password", "demo"));
        if (workspace != null) {
            credentials.put("workspace", workspace);
        }
        JsonNode body = http.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(credentials)
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return body.get("token").asString();
    }

    protected void setState(String token, String state) {
        http.post().uri("/api/v1/agents/me/state").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("state", state))
                .exchange().expectStatus().isOk();
    }

    protected ConsoleSocket console(String token) {
        return console(token, "");
    }

    protected ConsoleSocket console(String token, String query) {
        ConsoleSocket socket = new ConsoleSocket(URI.create("ws://localhost:" + port + "/ws/console" + query), token);
        sockets.add(socket);
        socket.await("hello", WAIT);
        return socket;
    }

    /** One of the app's other push sockets ({@code /ws/queues}, {@code /ws/wallboard}), closed after the test. */
    protected ConsoleSocket socket(String path, String token) {
        return socket(path, token, null);
    }

    /** As {@link #socket(String, String)}, sending the {@code Origin} header a browser page would send. */
    protected ConsoleSocket socket(String path, String token, String origin) {
        ConsoleSocket socket = new ConsoleSocket(URI.create("ws://localhost:" + port + path), token, origin);
        sockets.add(socket);
        return socket;
    }

    protected WebTestClient.ResponseSpec postWebchat(String account, String id, long timestamp, String body, String signature) {
        return http.post().uri("/webhooks/webchat/" + account)
                .contentType(MediaType.APPLICATION_JSON)
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .bodyValue(body)
                .exchange();
    }

    /** A correctly signed message from the demo web-chat account; returns the response body. */
    protected JsonNode sendWebchat(String id, String visitorId, String text) {
        String body = Webhooks.body(visitorId, text, "Visitor " + visitorId);
        long now = webhookNow();
        return postWebchat("demo", id, now, body, Webhooks.signature(Webhooks.DEMO_SECRET, id, now, body))
                .expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** The sender's clock for webhook timestamps; tests that move the app's clock move this too. */
    protected long webhookNow() {
        return Webhooks.now();
    }

    protected long count(String sql, Object... binds) {
        var spec = db.sql(sql);
        for (int i = 0; i < binds.length; i++) {
            spec = spec.bind(i, binds[i]);
        }
        return spec.map(row -> row.get(0, Long.class)).one().block(WAIT);
    }

    /** Polls a count (or id) query until it is positive, for work that completes after the call returned. */
    protected long awaitCount(String sql, Object... binds) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Long value;
            try {
                value = count(sql, binds);
            } catch (NullPointerException | IllegalStateException noRowYet) {
                value = null;
            }
            if (value != null && value > 0) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing for " + sql);
            }
            try {
                Thread.sleep(100); // pause between polls, bounded by the deadline above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The node's default workspace (the demo one): where the demo users are and logins without a code go. */
    protected static final String DEFAULT_WORKSPACE = "(SELECT id FROM workspace WHERE code = 'demo')";

    // --- other workspaces, made through the API as a platform admin and their own admins would ---

    protected WebTestClient.ResponseSpec createWorkspace(String token, String code, String timeZone, String adminUsername) {
        Map<String, String> body = new java.util.HashMap<>(Map.of("code", code, "name", "Centre " + code, "timeZone", timeZone));
        if (adminUsername != null) {
            body.put("adminUsername", adminUsername);
        }
        return http.post().uri("/api/v1/workspaces").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    protected WebTestClient.ResponseSpec createAgent(String token, String username, String role) {
        return http.post().uri("/api/v1/agents").headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "displayName", "The " + username, "role", role, "skills", List.of("webchat")))
                .exchange();
    }

    protected WebTestClient.ResponseSpec loginTo(String workspace, String username, String password) {
        Map<String, String> body = new java.util.HashMap<>(Map.of("username", username, "password", password));
        if (workspace != null) {
            body.put("workspace", workspace);
        }
        return http.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    protected static String token(WebTestClient.ResponseSpec login) {
        return login.expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().get("token").asString();
    }

    /** A workspace made by the demo platform admin, with its administrator {@code boss}; its code and the boss's token. */
    protected record OtherWorkspace(long id, String code, String bossToken) {
    }

    protected OtherWorkspace otherWorkspace(String timeZone) {
        String code = "ws-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        JsonNode created = createWorkspace(login("admin"), code, timeZone, "boss").expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return new OtherWorkspace(created.get("workspace").get("id").asLong(), code,
                token(loginTo(code, "boss", created.get("administrator").get("password").asString())));
    }

    /** A user of that workspace, created by its boss, logged in: their token. */
    protected String userIn(OtherWorkspace workspace, String username, String role) {
        String password = createAgent(workspace.bossToken(), username, role).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("credentials").get("password").asString();
        return token(loginTo(workspace.code(), username, password));
    }

    /** Attaches a channel account to a workspace (by code), as the demo platform admin. */
    protected void attachAccount(String channel, String account, String workspaceCode) {
        http.put().uri("/api/v1/channel-accounts/" + channel + "/" + account).headers(h -> h.setBearerAuth(login("admin")))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(java.util.Map.of("workspace", workspaceCode)).exchange().expectStatus().isOk();
    }

    /** The default workspace's id. */
    protected long defaultWorkspaceId() {
        return count("SELECT id FROM workspace WHERE code = 'demo'");
    }

    protected long agentId(String username) {
        return count("SELECT id FROM agent WHERE username = $1 AND workspace_id = " + DEFAULT_WORKSPACE, username);
    }
}
