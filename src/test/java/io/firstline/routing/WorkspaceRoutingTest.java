package io.firstline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * One node serves two workspaces: a web-chat account attached to the second workspace
 * ({@code PUT /api/v1/channel-accounts/...}) opens its contacts there, and each workspace's agent, on their own
 * {@code /ws/console}, is offered only their own workspace's contacts. Its own database: the second workspace and
 * its agent must not show up in other tests' agent lists.
 */
@TestPropertySource(properties = {
        "firstline.db.name=firstline_test_workspaces",
        "firstline.channels.webchat.accounts.branch.secret=" + WorkspaceRoutingTest.BRANCH_SECRET,
        "firstline.channels.webchat.accounts.annex.secret=" + WorkspaceRoutingTest.BRANCH_SECRET})
class WorkspaceRoutingTest extends AppTestBase {

    static final String BRANCH_SECRET = "whsec_Zmlyc3RsaW5lLWJyYW5jaC13ZWJjaGF0LXNlY3JldC0z";
    /** Offers (from the stored history) to an agent of another workspace than the contact's. */
    static final String OFFERS_ACROSS_WORKSPACES = "SELECT count(*) FROM contact_event e JOIN contact c ON c.id = e.contact_id"
            + " JOIN agent a ON e.detail LIKE 'offered to agent ' || a.id || ' until %'"
            + " WHERE e.kind = 'offered' AND a.workspace_id <> c.workspace_id";

    private String branchCode;
    private String branchAgent;

    @BeforeEach
    void secondWorkspace() {
        branchCode = "branch_" + UUID.randomUUID().toString().substring(0, 8);
        branchAgent = "branch-agent-" + UUID.randomUUID().toString().substring(0, 8);
        long branch = count("INSERT INTO workspace (code, name) VALUES ($1, 'Branch centre') RETURNING id", branchCode);
        count("INSERT INTO queue (workspace_id, code, name, channel, skill) VALUES ($1, 'webchat', 'Branch chat', 'webchat', 'webchat')"
                + " RETURNING id", branch);
        long agent = count("INSERT INTO agent (workspace_id, username, display_name, password_hash, role)"
                + " SELECT $1, $2, 'Branch agent', password_hash, 'agent' FROM agent WHERE username = 'agent1' RETURNING id",
                branch, branchAgent);
        db.sql("INSERT INTO agent_skill (agent_id, skill) VALUES ($1, 'webchat')").bind(0, agent).then().block(WAIT);
    }

    @Test
    void eachWorkspacesAgentIsOfferedOnlyItsOwnContacts() {
        attach("webchat", "branch", branchCode).expectStatus().isOk()
                .expectBody().jsonPath("$.workspace").isEqualTo(branchCode);
        assertThat(count("SELECT count(*) FROM admin_change c JOIN workspace w ON w.id = c.workspace_id WHERE w.code = $1"
                + " AND c.subject = 'channel-account:webchat/branch' AND c.detail = 'attached to workspace ' || w.code", branchCode))
                .isOne();

        String demoToken = login("agent1");
        String branchToken = login(branchCode, branchAgent);
        ConsoleSocket demoConsole = console(demoToken);
        ConsoleSocket branchConsole = console(branchToken);
        setState(demoToken, "available");
        setState(branchToken, "available");
        try {
            long demoContact = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "Hello from the demo centre")
                    .get("contactId").asLong();
            long branchContact = sendBranch(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "Hello from the branch")
                    .get("contactId").asLong();

            assertThat(count("SELECT w.id FROM contact c JOIN workspace w ON w.id = c.workspace_id WHERE c.id = $1", branchContact))
                    .isEqualTo(count("SELECT id FROM workspace WHERE code = $1", branchCode));
            assertThat(count("SELECT count(*) FROM contact c JOIN queue q ON q.id = c.queue_id"
                    + " WHERE c.id = $1 AND q.workspace_id = c.workspace_id", branchContact)).isOne();

            branchConsole.await(ConsoleSocket.frame("offer", branchContact), WAIT);
            demoConsole.await(ConsoleSocket.frame("offer", demoContact), WAIT);
            // agent1 has room for more chats and the branch agent too: only the workspace keeps them apart.
            sendBranch(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "Another branch customer");
            awaitCount("SELECT count(*) FROM contact_event e JOIN contact c ON c.id = e.contact_id"
                    + " JOIN workspace w ON w.id = c.workspace_id WHERE w.code = $1 AND e.kind = 'offered' HAVING count(*) >= 2", branchCode);
            assertThat(demoConsole.received()).noneMatch(ConsoleSocket.frame("offer", branchContact));
            assertThat(branchConsole.received()).noneMatch(ConsoleSocket.frame("offer", demoContact));
            // Reconciled in SQL: no contact was ever offered to an agent of another workspace.
            assertThat(count(OFFERS_ACROSS_WORKSPACES)).isZero();
        } finally {
            setState(branchToken, "offline");
        }
    }

    @Test
    void theSameMessageIdInTwoWorkspacesIsTwoMessages() {
        attach("webchat", "branch", branchCode).expectStatus().isOk();
        String id = Webhooks.newId();
        JsonNode demo = sendWebchat(id, "visitor-" + UUID.randomUUID(), "Same provider id, first centre");
        JsonNode branch = sendBranch(id, "visitor-" + UUID.randomUUID(), "Same provider id, second centre");
        assertThat(branch.get("duplicate").asBoolean()).isFalse();
        assertThat(branch.get("contactId").asLong()).isNotEqualTo(demo.get("contactId").asLong());
        // Within one workspace the id is still a duplicate.
        JsonNode again = sendBranch(id, "visitor-" + UUID.randomUUID(), "Same provider id, second centre");
        assertThat(again.get("duplicate").asBoolean()).isTrue();
        assertThat(count("SELECT count(*) FROM message WHERE external_id = $1", id)).isEqualTo(2);
    }

    @Test
    void attachingAnAccountSaysWhatIsWrongAndChangesNothing() {
        attach("fax", "branch", branchCode).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("channel must be one of"));
        attach("webchat", "branch", "no_such_centre").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("workspace 'no_such_centre' does not exist");
        http.put().uri("/api/v1/channel-accounts/webchat/branch").headers(h -> h.setBearerAuth(login("agent1")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("workspace", branchCode))
                .exchange().expectStatus().isForbidden();
        assertThat(count("SELECT count(*) FROM channel_account c JOIN workspace w ON w.id = c.workspace_id WHERE w.code = $1",
                branchCode)).isZero();
        // An account never attached: its messages stay in the node's default workspace.
        long contact = send("annex", Webhooks.newId(), "visitor-" + UUID.randomUUID(), "Not attached").get("contactId").asLong();
        assertThat(count("SELECT count(*) FROM contact c JOIN workspace w ON w.id = c.workspace_id"
                + " WHERE c.id = $1 AND w.code = 'demo'", contact)).isOne();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec attach(String channel, String account,
                                                                                          String workspace) {
        return http.put().uri("/api/v1/channel-accounts/{channel}/{account}", channel, account)
                .headers(h -> h.setBearerAuth(login("admin")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("workspace", workspace))
                .exchange();
    }

    private JsonNode sendBranch(String id, String visitorId, String text) {
        return send("branch", id, visitorId, text);
    }

    private JsonNode send(String account, String id, String visitorId, String text) {
        String body = Webhooks.body(visitorId, text, "Visitor " + visitorId);
        long now = webhookNow();
        return postWebchat(account, id, now, body, Webhooks.signature(BRANCH_SECRET, id, now, body))
                .expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
