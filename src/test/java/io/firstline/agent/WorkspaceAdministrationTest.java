package io.firstline.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.security.TokenService;
import io.firstline.support.AppTestBase;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;

/**
 * Many workspaces on one node, staffed through the API: a platform admin creates a workspace, its administrator
 * creates its users, and everyone acts in their own workspace only. A database of its own, so the workspaces it
 * creates never reach other tests (scheduled reports and roll-ups run per workspace).
 */
@DirtiesContext
@TestPropertySource(properties = {"firstline.db.name=firstline_test_workspaces",
        "firstline.channels.webchat.accounts.branch.secret=" + WorkspaceAdministrationTest.BRANCH_SECRET})
class WorkspaceAdministrationTest extends AppTestBase {

    /** A second web-chat account, given to a second workspace by the platform admin. */
    static final String BRANCH_SECRET = "whsec_Zmlyc3RsaW5lLWJyYW5jaC13ZWJjaGF0LXNlY3JldC0z";

    @Autowired
    private TokenService tokens;

    @Test
    void aPlatformAdminCreatesAWorkspaceWhoseAdministratorStaffsItAndItsAgentLogsInThere() {
        String platformAdmin = login("admin");
        String code = newCode();
        JsonNode created = createWorkspace(platformAdmin, code, "Europe/Berlin", "boss")
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(created.get("workspace").get("code").asString()).isEqualTo(code);
        assertThat(created.get("workspace").get("timeZone").asString()).isEqualTo("Europe/Berlin");
        assertThat(created.get("queues")).hasSize(6);
        String bossPassword = created.get("administrator").get("password").asString();
        long workspaceId = created.get("workspace").get("id").asLong();
        assertThat(count("SELECT count(*) FROM queue WHERE workspace_id = $1", workspaceId)).isEqualTo(6);
        // The one-time password exists only in that response: stored as a bcrypt hash, never in clear.
        assertThat(count("SELECT count(*) FROM agent WHERE password_hash = $1", bossPassword)).isZero();
        assertThat(count("SELECT count(*) FROM admin_change WHERE subject = $1", "workspace:" + code)).isEqualTo(1);

        String boss = loginTo(code, "boss", bossPassword).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("token").asString();
        // Without the code the login goes to the default workspace, where there is no boss.
        loginTo(null, "boss", bossPassword).expectStatus().isUnauthorized();

        String linPassword = createAgent(boss, "lin", "agent").expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("credentials").get("password").asString();
        JsonNode lin = loginTo(code, "lin", linPassword).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(lin.get("agent").get("skills").get(0).asString()).isEqualTo("webchat");
        http.get().uri("/api/v1/agents/me").headers(h -> h.setBearerAuth(lin.get("token").asString())).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.username").isEqualTo("lin");
        assertThat(count("SELECT count(*) FROM admin_change WHERE subject = 'agent:lin' AND workspace_id = $1", workspaceId))
                .isEqualTo(1);
        // Lin replaces the one-time password with her own: the one the admin saw stops working.
        String linToken = lin.get("token").asString();
        changePassword(linToken, "not-my-password", "lin's own long passphrase").expectStatus().isForbidden();
        changePassword(linToken, linPassword, "short").expectStatus().isBadRequest();
        changePassword(linToken, linPassword, "lin's own long passphrase").expectStatus().isNoContent();
        loginTo(code, "lin", linPassword).expectStatus().isUnauthorized();
        loginTo(code, "lin", "lin's own long passphrase").expectStatus().isOk();

        // The same username in the default workspace is another person, with a password of their own.
        String otherLinPassword = createAgent(platformAdmin, "lin", "agent").expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("credentials").get("password").asString();
        JsonNode otherLin = loginTo(null, "lin", otherLinPassword).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(otherLin.get("agent").get("id").asLong()).isNotEqualTo(lin.get("agent").get("id").asLong());
        loginTo(null, "lin", linPassword).expectStatus().isUnauthorized();
        // Twice in one workspace is a conflict.
        createAgent(boss, "lin", "supervisor").expectStatus().isEqualTo(409);

        JsonNode listed = http.get().uri("/api/v1/workspaces").headers(h -> h.setBearerAuth(platformAdmin)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(listed.valueStream().map(w -> w.get("code").asString()).toList()).contains("demo", code);
        // Administering a workspace is not administering the platform.
        http.get().uri("/api/v1/workspaces").headers(h -> h.setBearerAuth(boss)).exchange().expectStatus().isForbidden();
        createWorkspace(boss, newCode(), "Europe/Berlin", null).expectStatus().isForbidden();
    }

    @Test
    void badInputOrADuplicateCodeIsRefusedAndCreatesNothing() {
        String platformAdmin = login("admin");
        long workspaces = count("SELECT count(*) FROM workspace");
        long queues = count("SELECT count(*) FROM queue");
        long agents = count("SELECT count(*) FROM agent");

        createWorkspace(platformAdmin, newCode(), "Mars/Olympus_Mons", null).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("timeZone 'Mars/Olympus_Mons'"));
        createWorkspace(platformAdmin, "Not a code!", "Asia/Shanghai", null).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("code is required"));
        createWorkspace(platformAdmin, "demo", "Asia/Shanghai", "another").expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        createAgent(platformAdmin, "nobody", "wizard").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("role is one of"));
        createWorkspace(login("agent1"), newCode(), "Asia/Shanghai", null).expectStatus().isForbidden();
        createAgent(login("supervisor1"), "nobody", "agent").expectStatus().isForbidden();

        assertThat(count("SELECT count(*) FROM workspace")).isEqualTo(workspaces);
        assertThat(count("SELECT count(*) FROM queue")).isEqualTo(queues);
        assertThat(count("SELECT count(*) FROM agent")).isEqualTo(agents);
    }

    @Test
    void aUserOfAnotherWorkspaceCannotReadThisWorkspacesCustomersOrReports() {
        long contactId = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "Where is my parcel?")
                .get("contactId").asLong();
        long customerId = count("SELECT customer_id FROM contact WHERE id = $1", contactId);
        long archived = count("INSERT INTO report_archive (workspace_id, kind, period_from, period_to, body, created_at)"
                + " VALUES (" + DEFAULT_WORKSPACE + ", 'daily', DATE '2026-01-05', DATE '2026-01-06', '{}', now()) RETURNING id");
        String ours = login("supervisor1");
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        http.get().uri("/api/v1/customers/" + customerId).headers(h -> h.setBearerAuth(ours)).exchange().expectStatus().isOk();
        assertThat(contacts(ours, today)).isPositive();

        String code = newCode();
        String bossPassword = createWorkspace(login("admin"), code, "Asia/Shanghai", "boss").expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("administrator").get("password").asString();
        String boss = token(loginTo(code, "boss", bossPassword));
        String supervisorPassword = createAgent(boss, "supervisor1", "supervisor").expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("credentials").get("password").asString();
        String theirs = token(loginTo(code, "supervisor1", supervisorPassword));

        for (String outsider : List.of(theirs, boss)) {
            http.get().uri("/api/v1/customers/" + customerId).headers(h -> h.setBearerAuth(outsider)).exchange()
                    .expectStatus().isNotFound();
            http.get().uri("/api/v1/contacts/" + contactId).headers(h -> h.setBearerAuth(outsider)).exchange()
                    .expectStatus().isNotFound();
            http.post().uri("/api/v1/contacts/" + contactId + "/notes").headers(h -> h.setBearerAuth(outsider))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "not mine to write")).exchange()
                    .expectStatus().isNotFound();
            http.get().uri("/api/v1/reports/archive/" + archived).headers(h -> h.setBearerAuth(outsider)).exchange()
                    .expectStatus().isNotFound();
        }
        assertThat(count("SELECT count(*) FROM message WHERE contact_id = $1 AND body = 'not mine to write'", contactId)).isZero();
        // Their lists hold their own workspace's people only.
        JsonNode lines = http.get().uri("/api/v1/agents/reporting-lines").headers(h -> h.setBearerAuth(theirs)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(lines.valueStream().map(line -> line.get("username").asString()).toList())
                .containsExactlyInAnyOrder("boss", "supervisor1");
        // What every workspace shares is changed by platform admins only.
        http.put().uri("/api/v1/complaint-causes/billing_error").headers(h -> h.setBearerAuth(boss))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("label", "Billing error")).exchange()
                .expectStatus().isForbidden();
        // Their reports count their own workspace's contacts: none of ours.
        assertThat(contacts(theirs, today)).isZero();
        JsonNode targets = http.get().uri("/api/v1/transfer-targets").headers(h -> h.setBearerAuth(theirs)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(targets.get("agents")).isEmpty(); // no agents of theirs; ours are not offered
        http.get().uri("/api/v1/reports/archive").headers(h -> h.setBearerAuth(theirs)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
    }

    @Test
    void aTokenWhoseWorkspaceClaimDoesNotMatchTheAgentsWorkspaceIsRefused() {
        String code = newCode();
        String bossPassword = createWorkspace(login("admin"), code, "Asia/Shanghai", "boss").expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("administrator").get("password").asString();
        JsonNode bossLogin = loginTo(code, "boss", bossPassword).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String boss = bossLogin.get("token").asString();
        long bossId = bossLogin.get("agent").get("id").asLong();
        long theirWorkspace = count("SELECT id FROM workspace WHERE code = $1", code);
        long ourWorkspace = count("SELECT id FROM workspace WHERE code = 'demo'");
        me(boss).expectStatus().isOk();

        // The claim edited in the token: the signature no longer matches.
        me(withClaim(boss, "\"workspace\":" + theirWorkspace, "\"workspace\":" + ourWorkspace)).expectStatus().isUnauthorized();
        // A validly signed token whose claim is not the agent's stored workspace (as a leaked key would allow).
        me(tokens.issue(new AgentPrincipal(bossId, ourWorkspace, "boss", "admin")).token()).expectStatus().isUnauthorized();

        // A user deleted after logging in: their token ends with them.
        String tempPassword = createAgent(boss, "temp", "agent").expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("credentials").get("password").asString();
        String temp = token(loginTo(code, "temp", tempPassword));
        me(temp).expectStatus().isOk();
        db.sql("DELETE FROM agent WHERE username = 'temp' AND workspace_id = $1").bind(0, theirWorkspace).then().block(WAIT);
        me(temp).expectStatus().isUnauthorized();
    }

    @Test
    void existingLoginsWithoutAWorkspaceCodeAndWithTheDefaultCodeReachTheDefaultWorkspace() {
        me(login("agent1")).expectStatus().isOk().expectBody().jsonPath("$.username").isEqualTo("agent1");
        me(token(loginTo("demo", "agent1", "demo"))).expectStatus().isOk();
        loginTo("no-such-workspace", "agent1", "demo").expectStatus().isUnauthorized();
    }

    @Test
    void wrongPasswordsLockTheUsernameInItsWorkspaceOnly() {
        String platformAdmin = login("admin");
        String first = newCode();
        String second = newCode();
        String firstPassword = createWorkspace(platformAdmin, first, "Asia/Shanghai", "boss").expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("administrator").get("password").asString();
        String secondPassword = createWorkspace(platformAdmin, second, "Asia/Shanghai", "boss").expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("administrator").get("password").asString();

        for (int i = 0; i < 5; i++) {
            loginTo(first, "boss", "wrong-" + i).expectStatus().isUnauthorized();
        }
        loginTo(first, "boss", firstPassword).expectStatus().isEqualTo(429);
        // The other workspace's boss is another person: not locked.
        loginTo(second, "boss", secondPassword).expectStatus().isOk();
        assertThat(count("SELECT count(*) FROM security_event WHERE kind = 'login_lockout' AND username = 'boss'"
                + " AND workspace_id = (SELECT id FROM workspace WHERE code = $1)", first)).isEqualTo(1);
    }

    @Test
    void eachWorkspacesSupervisorSeesItsOwnLiveFiguresAndNoneOfAnotherWorkspacesAgentsOrCustomers() {
        String code = newCode();
        String bossPassword = createWorkspace(login("admin"), code, "Asia/Shanghai", "boss").expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("administrator").get("password").asString();
        String boss = token(loginTo(code, "boss", bossPassword));
        String supervisorPassword = createAgent(boss, "watcher", "supervisor").expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("credentials").get("password").asString();
        String agentPassword = createAgent(boss, "zhao", "agent").expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("credentials").get("password").asString();
        String theirs = token(loginTo(code, "watcher", supervisorPassword));
        String theirAgent = token(loginTo(code, "zhao", agentPassword));
        long theirAgentId = count("SELECT id FROM agent WHERE username = 'zhao' AND workspace_id = (SELECT id FROM workspace WHERE code = $1)", code);

        // Their admin cannot take our web-chat account (and our customers' messages) into their workspace.
        http.put().uri("/api/v1/channel-accounts/webchat/demo").headers(h -> h.setBearerAuth(boss))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("workspace", code)).exchange()
                .expectStatus().isForbidden();
        // (Other tests of this class lend the demo accounts to a workspace of theirs and give them back.)
        assertThat(count("SELECT count(*) FROM channel_account WHERE account = 'demo' AND workspace_id = "
                + "(SELECT id FROM workspace WHERE code = $1)", code)).isZero();
        // The platform admin gives them a web-chat account of their own.
        http.put().uri("/api/v1/channel-accounts/webchat/branch").headers(h -> h.setBearerAuth(login("admin")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("workspace", code)).exchange()
                .expectStatus().isOk();

        // A customer waits in each workspace; their agent is available, ours are not told anything new.
        setState(theirAgent, "available");
        String ourCustomer = "Our visitor " + UUID.randomUUID().toString().substring(0, 6);
        String theirCustomer = "Their visitor " + UUID.randomUUID().toString().substring(0, 6);
        webchat("demo", Webhooks.DEMO_SECRET, ourCustomer);
        webchat("branch", BRANCH_SECRET, theirCustomer);

        String ours = login("supervisor1");
        JsonNode theirFigures = awaitFigures(theirs, figures -> webchatOf(figures).path("waiting").asInt() == 1
                && agentIds(figures).contains(theirAgentId));
        assertThat(webchatOf(theirFigures).path("enteredToday").asLong()).as("only their own contact entered").isEqualTo(1);
        assertThat(webchatOf(theirFigures).path("longestWaitingCustomer").asString()).isEqualTo(theirCustomer);
        assertThat(agentIds(theirFigures)).containsExactly(theirAgentId);
        assertThat(theirFigures.path("agentsByState").path("available").asInt()).isEqualTo(1);
        // The SLA tiles count the whole deployment: not shown to another workspace.
        assertThat(theirFigures.path("sla").path("atRisk").isNull()).isTrue();

        JsonNode ourFigures = awaitFigures(ours, figures -> agentIds(figures).contains(agentId("agent1")));
        assertThat(agentIds(ourFigures)).doesNotContain(theirAgentId);
        assertThat(webchatOf(ourFigures).path("waiting").asInt()).isPositive();
        assertThat(webchatOf(ourFigures).path("longestWaitingCustomer").asString()).isNotEqualTo(theirCustomer);
        // The queue strip (everyone signed in, agents included) is their workspace's too.
        http.get().uri("/api/v1/queues/summary").headers(h -> h.setBearerAuth(theirAgent)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.channel == 'webchat')].longestWaitingCustomer").isEqualTo(theirCustomer);

        // The same over the sockets: their wallboard and queue strip, and ours without their agent.
        JsonNode theirScreen = socket("/ws/wallboard", theirs).await(frame -> "stats".equals(frame.path("type").asString())
                && webchatOf(frame.path("data")).path("waiting").asInt() == 1, WAIT).path("data");
        assertThat(agentIds(theirScreen)).containsExactly(theirAgentId);
        assertThat(webchatOf(theirScreen).path("longestWaitingCustomer").asString()).isEqualTo(theirCustomer);
        JsonNode theirStrip = socket("/ws/queues", theirAgent).await("queues", WAIT).path("data");
        assertThat(webchatOf(theirStrip).path("enteredToday").asLong()).isEqualTo(1);
        JsonNode ourScreen = socket("/ws/wallboard", ours).await("stats", WAIT).path("data");
        assertThat(agentIds(ourScreen)).contains(agentId("agent1")).doesNotContain(theirAgentId);

        // An agent created after their workspace's figures were first read appears by name once they come on.
        String newcomerPassword = createAgent(boss, "qian", "agent").expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("credentials").get("password").asString();
        String newcomer = token(loginTo(code, "qian", newcomerPassword));
        setState(newcomer, "available");
        awaitFigures(theirs, figures -> java.util.stream.StreamSupport.stream(figures.path("agents").spliterator(), false)
                .anyMatch(row -> "The qian".equals(row.path("name").asString()) && "available".equals(row.path("state").asString())));
        setState(newcomer, "offline");
        setState(theirAgent, "offline");
    }

    /** A web-chat message from a new visitor, stored before this returns. */
    private void webchat(String account, String secret, String visitorName) {
        String id = Webhooks.newId();
        String body = Webhooks.body("visitor-" + UUID.randomUUID(), "hello", visitorName);
        long now = webhookNow();
        postWebchat(account, id, now, body, Webhooks.signature(secret, id, now, body)).expectStatus().isAccepted();
    }

    /** Polls the caller's wallboard figures (with a deadline) until they show what is expected. */
    private JsonNode awaitFigures(String token, java.util.function.Predicate<JsonNode> expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode figures = null;
        while (System.nanoTime() < deadline) {
            figures = http.get().uri("/api/v1/wallboard").headers(h -> h.setBearerAuth(token)).exchange()
                    .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            if (expected.test(figures)) {
                return figures;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the wallboard never showed what was expected: " + figures);
    }

    private static JsonNode webchatOf(JsonNode figures) {
        JsonNode queues = figures.has("queues") ? figures.path("queues") : figures;
        for (JsonNode queue : queues) {
            if ("webchat".equals(queue.path("channel").asString())) {
                return queue;
            }
        }
        return tools.jackson.databind.node.MissingNode.getInstance();
    }

    private static List<Long> agentIds(JsonNode figures) {
        return java.util.stream.StreamSupport.stream(figures.path("agents").spliterator(), false)
                .map(row -> row.path("id").asLong()).toList();
    }

    @Test
    void aContactsDeadlinesAreCountedInItsOwnWorkspacesTimeZone() {
        OtherWorkspace newYork = otherWorkspace("America/New_York");
        String theirs = userIn(newYork, "nyc-supervisor", "supervisor");
        String ours = login("supervisor1");

        // The same suggestion (5 working days, office hours), at the same moment, to a centre in each workspace.
        long here = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "A suggestion: longer opening hours")
                .get("contactId").asLong();
        long there;
        attachAccount("webchat", "demo", newYork.code());
        try {
            there = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "A suggestion: longer opening hours")
                    .get("contactId").asLong();
        } finally {
            attachAccount("webchat", "demo", "demo");
        }

        java.time.Instant dueHere = replyDue(ours, here);
        java.time.Instant dueThere = replyDue(theirs, there);
        // Each is due at the close of its own office day (18:00) in its own zone: not at the same instant.
        assertThat(dueHere.atZone(ZoneId.of("Asia/Shanghai")).toLocalTime()).isEqualTo(java.time.LocalTime.of(18, 0));
        assertThat(dueThere.atZone(ZoneId.of("America/New_York")).toLocalTime()).isEqualTo(java.time.LocalTime.of(18, 0));
        assertThat(dueThere).isNotEqualTo(dueHere);
        // And each workspace sees its own contact only.
        http.get().uri("/api/v1/contacts/" + there).headers(h -> h.setBearerAuth(ours)).exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/contacts/" + here).headers(h -> h.setBearerAuth(theirs)).exchange().expectStatus().isNotFound();
    }

    @Test
    void anEmailAnsweringAnotherWorkspacesContactStartsAContactInItsOwnWorkspace() {
        String customer = "customer-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String first = "<" + UUID.randomUUID() + "@mail.example.com>";
        long ours = mailContact(mail(customer, first, "Invoice", "twice the usual"));
        OtherWorkspace other = otherWorkspace("Asia/Shanghai");
        String theirs = userIn(other, "mail-supervisor", "supervisor");

        long byReference;
        long byToken;
        attachAccount("email", "demo", other.code());
        try {
            // The mailbox now belongs to the other workspace: a reply naming our mail, or carrying our contact's
            // token, is not appended to our contact but opens one of theirs.
            MultiValueMap<String, String> reply = mail(customer, "<" + UUID.randomUUID() + "@mail.example.com>", "Re: Invoice", "by reference");
            reply.add("In-Reply-To", first);
            reply.add("References", first);
            byReference = mailContact(reply);
            MultiValueMap<String, String> tokened = mail(customer, "<" + UUID.randomUUID() + "@mail.example.com>", "Re: Invoice", "by token");
            tokened.set("recipient", io.firstline.channel.email.DemoMailbox.replyAddressOf(ours));
            byToken = mailContact(tokened);
        } finally {
            attachAccount("email", "demo", "demo");
        }
        assertThat(byReference).isNotEqualTo(ours);
        assertThat(byToken).isNotEqualTo(ours);
        assertThat(count("SELECT count(*) FROM message WHERE contact_id = $1", ours)).isEqualTo(1);
        for (long theirContact : List.of(byReference, byToken)) {
            assertThat(count("SELECT workspace_id FROM contact WHERE id = $1", theirContact)).isEqualTo(other.id());
            http.get().uri("/api/v1/contacts/" + theirContact).headers(h -> h.setBearerAuth(theirs)).exchange().expectStatus().isOk();
        }
        http.get().uri("/api/v1/contacts/" + ours).headers(h -> h.setBearerAuth(theirs)).exchange().expectStatus().isNotFound();

        // Back in our workspace, the same reply threads into our contact as before.
        MultiValueMap<String, String> again = mail(customer, "<" + UUID.randomUUID() + "@mail.example.com>", "Re: Invoice", "ours again");
        again.add("In-Reply-To", first);
        assertThat(mailContact(again)).isEqualTo(ours);
    }

    @Test
    void phoneStatisticsCountTheCallersWorkspacesCallsOnly() {
        OtherWorkspace other = otherWorkspace("Asia/Shanghai");
        String theirs = userIn(other, "phone-supervisor", "supervisor");
        String line = "line-" + UUID.randomUUID().toString().substring(0, 8);
        attachAccount("phone", line, other.code());
        java.time.Instant at = java.time.Instant.parse("2026-03-02T02:00:00Z");
        // Our line: two calls answered; their line: one call abandoned after a minute.
        for (String id : List.of("ours-1", "ours-2")) {
            db.sql("INSERT INTO phone_call (call_id, account, form, from_number, status, started_at, answered_at)"
                    + " VALUES ($1, 'demo', 'generic', '+8613800000000', 'completed', $2, $3)")
                    .bind(0, id + "-" + line).bind(1, at).bind(2, at.plusSeconds(5)).then().block(WAIT);
        }
        db.sql("INSERT INTO phone_call (call_id, account, form, from_number, status, started_at, abandoned_at)"
                + " VALUES ($1, $2, 'generic', '+8613900000000', 'abandoned', $3, $4)")
                .bind(0, "theirs-" + line).bind(1, line).bind(2, at).bind(3, at.plusSeconds(60)).then().block(WAIT);

        String period = "/api/v1/phone/stats?from=2026-03-02T00:00:00Z&to=2026-03-02T04:00:00Z";
        http.get().uri(period).headers(h -> h.setBearerAuth(login("supervisor1"))).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.calls").isEqualTo(2).jsonPath("$.answered").isEqualTo(2).jsonPath("$.abandoned").isEqualTo(0);
        http.get().uri(period).headers(h -> h.setBearerAuth(theirs)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.calls").isEqualTo(1).jsonPath("$.answered").isEqualTo(0).jsonPath("$.abandoned").isEqualTo(1);
    }

    private static final String MAILGUN_KEY = "key-firstline-demo-mailgun-signing-key";

    /** A Mailgun "forward" route post to the demo mailbox, signed with the demo signing key. */
    private static MultiValueMap<String, String> mail(String from, String messageId, String subject, String text) {
        String timestamp = Long.toString(Webhooks.now());
        String token = UUID.randomUUID().toString().replace("-", "") + "abcdefghijklmnopqr";
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("recipient", "support@demo.firstline.example");
        form.add("sender", from);
        form.add("from", "Li Lei <" + from + ">");
        form.add("subject", subject);
        form.add("body-plain", text);
        form.add("Message-Id", messageId);
        form.add("timestamp", timestamp);
        form.add("token", token);
        form.add("signature", io.firstline.channel.email.MailgunSignature.sign(MAILGUN_KEY, timestamp, token));
        return form;
    }

    private long mailContact(MultiValueMap<String, String> form) {
        return http.post().uri("/webhooks/email/demo").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form)).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("contactId").asLong();
    }

    private java.time.Instant replyDue(String token, long contactId) {
        JsonNode contact = http.get().uri("/api/v1/contacts/" + contactId).headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        return java.time.Instant.parse(contact.get("deadlines").valueStream()
                .filter(deadline -> "reply".equals(deadline.get("name").asString())).findFirst()
                .orElseThrow(() -> new AssertionError("no reply deadline: " + contact)).get("dueAt").asString());
    }

    private static String newCode() {
        return "ws-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private long contacts(String token, String day) {
        return http.get().uri("/api/v1/reports/range?from=" + day + "&to=" + day).headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("totals").get("contacts").asLong();
    }

    private WebTestClient.ResponseSpec changePassword(String token, String current, String next) {
        return http.post().uri("/api/v1/agents/me/password").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("currentPassword", current, "newPassword", next))
                .exchange();
    }

    private WebTestClient.ResponseSpec me(String token) {
        return http.get().uri("/api/v1/agents/me").headers(h -> h.setBearerAuth(token)).exchange();
    }

    /** The token with its payload edited and its signature kept. */
    private static String withClaim(String token, String from, String to) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(payload).contains(from);
        String edited = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.replace(from, to).getBytes(StandardCharsets.UTF_8));
        return parts[0] + "." + edited + "." + parts[2];
    }
}
