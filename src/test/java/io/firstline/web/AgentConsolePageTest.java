package io.firstline.web;

import io.firstline.support.Inbox;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import io.firstline.console.ConsoleHub;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** An agent works a web-chat contact from offer to follow-up in the console, in a real browser. */
@TestPropertySource(properties = "firstline.db.name=firstline_test_pages")
class AgentConsolePageTest extends BrowserTestBase {

    static final Inbox<String> REPLIES = new Inbox<>();
    static final DisposableServer CHAT_BACKEND = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.post("/replies", (request, response) -> request.receive().aggregate().asString()
                    .flatMap(body -> {
                        REPLIES.add(body);
                        return response.status(202).send().then();
                    })))
            .bindNow();

    @DynamicPropertySource
    static void chatBackend(DynamicPropertyRegistry registry) {
        registry.add("firstline.channels.webchat.accounts.demo.reply-url",
                () -> "http://127.0.0.1:" + CHAT_BACKEND.port() + "/replies");
    }

    @AfterAll
    static void stopBackend() {
        CHAT_BACKEND.disposeNow();
    }

    @Autowired
    ConsoleHub hub;

    @Test
    void anAgentAcceptsRepliesResolvesAndRecordsTheFollowUpAndThePageSurvivesADroppedSocket() {
        WebDriver page = browser();
        logIn(page, url("/"), "agent1");

        // The queue strip is pushed (/ws/queues): while nobody is available, the new contact waits and the
        // web-chat count goes up.
        String webchatWaiting = "#queue-strip [data-channel='webchat'] .waiting";
        int before = Integer.parseInt(visible(page, webchatWaiting).getText());
        String visitor = "visitor-" + UUID.randomUUID();
        long contactId = sendWebchat(Webhooks.newId(), visitor, "I want to complain: my water bill is wrong")
                .get("contactId").asLong();
        awaitText(page, webchatWaiting, String.valueOf(before + 1));

        new Select(page.findElement(By.id("state"))).selectByValue("available");
        await(page, d -> count("SELECT count(*) FROM agent WHERE username = 'agent1' AND state = 'available'") == 1 ? true : null);

        // The offer arrives with a countdown, and accepting it opens the conversation.
        visible(page, ".offer");
        await(page, d -> d.findElement(By.cssSelector(".offer .countdown")).getText().matches("00:00:\\d\\d") ? true : null);
        assertThat(page.findElement(By.cssSelector(".offer")).getText()).contains("my water bill is wrong");
        screenshot(page, "console-offer");
        page.findElement(By.cssSelector(".offer .accept")).click();
        awaitText(page, "#conversation h2", "#" + contactId);
        awaitText(page, "li[data-contact='" + contactId + "']", "assignee");
        assertThat(page.findElement(By.cssSelector("li[data-contact='" + contactId + "']")).getText())
                .contains("first responder");
        assertThat(page.findElements(By.cssSelector(".offer"))).isEmpty();
        await(page, d -> d.findElement(By.cssSelector(webchatWaiting)).getText().equals(String.valueOf(before)) ? true : null);
        assertThat(page.findElement(By.cssSelector("li[data-contact='" + contactId + "'] .countdown")).getText())
                .matches("\\d+d \\d\\d:\\d\\d:\\d\\d|\\d\\d:\\d\\d:\\d\\d");

        // The reply goes out through the chat backend and shows in the conversation.
        page.findElement(By.id("reply-text")).sendKeys("We are checking your bill now.");
        page.findElement(By.id("send")).click();
        awaitText(page, "#messages .message.outbound", "We are checking your bill now.");
        assertThat(REPLIES.snapshot()).anyMatch(body -> body.contains("We are checking your bill now."));

        // The server drops the socket; the page reconnects, resumes, and misses nothing sent meanwhile.
        hub.disconnect(agentId("agent1"));
        sendWebchat(Webhooks.newId(), visitor, "Thank you, I will wait");
        await(page, d -> "2".equals(d.findElement(By.tagName("body")).getDomAttribute("data-connects")) ? true : null);
        assertThat(page.findElement(By.tagName("body")).getDomAttribute("data-resumed")).isEqualTo("true");
        awaitText(page, "#messages .message.inbound", "Thank you, I will wait");
        awaitText(page, "#link", "live");
        screenshot(page, "console");

        // An internal note shows in the conversation and never reaches the customer.
        page.findElement(By.id("note-text")).sendKeys("Customer was billed twice in October");
        page.findElement(By.id("add-note")).click();
        awaitText(page, "#messages .message.internal", "Customer was billed twice in October");
        assertThat(REPLIES.snapshot()).noneMatch(body -> body.contains("billed twice"));

        // Transfer to another agent: they hold it now; agent1 stays its first responder, visibly.
        // The colleague is picked from a list that shows their state, not typed.
        await(page, d -> d.findElements(By.cssSelector("#transfer-agent option[value='agent2']")).isEmpty() ? null : true);
        assertThat(page.findElement(By.cssSelector("#transfer-agent option[value='agent2']")).getText()).contains("Agent Two — offline");
        assertThat(page.findElements(By.cssSelector("#transfer-agent option[value='agent1']"))).isEmpty();
        assertThat(page.findElements(By.cssSelector("#transfer-queue option[value='webchat']"))).hasSize(1);
        new Select(page.findElement(By.id("transfer-agent"))).selectByValue("agent2");
        page.findElement(By.id("transfer-to-agent")).click();
        awaitText(page, "#assignee", "Agent Two");
        assertThat(page.findElement(By.id("first-responder")).getText()).isEqualTo("Agent One");
        awaitText(page, "li[data-contact='" + contactId + "']", "first responder");
        assertThat(page.findElement(By.cssSelector("li[data-contact='" + contactId + "']")).getText()).doesNotContain("assignee");
        assertThat(page.findElements(By.id("reply-text"))).isEmpty();
        assertThat(count("SELECT assignee_id FROM contact WHERE id = $1", contactId)).isEqualTo(agentId("agent2"));

        // Resolve (as first responder): a complaint gets a follow-up, recorded by its first responder in the same page.
        page.findElement(By.id("resolve")).click();
        visible(page, "#follow-up");
        new Select(page.findElement(By.id("satisfaction"))).selectByValue("4");
        page.findElement(By.id("follow-up-comment")).sendKeys("Happy with the corrected bill");
        page.findElement(By.id("record-follow-up")).click();
        awaitText(page, "#contact-status", "closed");
        assertThat(count("SELECT count(*) FROM follow_up WHERE contact_id = $1 AND satisfaction = 4", contactId)).isEqualTo(1);

        // The customer calls back: the bill is still wrong. Reopening without a reason is refused on the page;
        // with one, the contact is back with its first responder (agent1 holds it again).
        page.findElement(By.id("reopen-button")).click();
        awaitText(page, "#reopen-error", "reason is required");
        page.findElement(By.id("reopen-reason")).sendKeys("Customer called back: the October bill is still doubled");
        page.findElement(By.id("reopen-button")).click();
        awaitText(page, "#contact-status", "in_progress");
        awaitText(page, "#assignee", "Agent One");
        awaitText(page, "li[data-contact='" + contactId + "']", "assignee");
        visible(page, "#reply-text");
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind = 'reopened' AND actor = 'agent1'",
                contactId)).isEqualTo(1);
    }

    @Test
    void aWrongPasswordIsShownOnTheLoginForm() {
        WebDriver page = browser();
        page.get(url("/"));
        visible(page, "#username").sendKeys("agent2");
        page.findElement(By.id("password")).sendKeys("not-the-password");
        page.findElement(By.id("login-button")).click();
        awaitText(page, "#login-error", "wrong username or password");
    }
}
