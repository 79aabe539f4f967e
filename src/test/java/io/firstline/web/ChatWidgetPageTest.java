package io.firstline.web;

import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.firstline.channel.webchat.ChatHub;
import io.firstline.support.ConsoleSocket;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * The customer web-chat widget ({@code /chat/firstline-chat.js} on {@code /chat/demo.html}) in headless Chromium:
 * the visitor writes, an agent (driven over the API and /ws/console) accepts and answers, and a socket dropped by
 * the server resumes with nothing lost and nothing shown or stored twice.
 */
@TestPropertySource(properties = "firstline.db.name=firstline_test_widget_page")
class ChatWidgetPageTest extends BrowserTestBase {

    /** Reconnecting after time offline backs off (1 s, 2 s, 4 s … with jitter), so allow more than a page wait. */
    static final Duration RECONNECT_WAIT = Duration.ofSeconds(40);

    @Autowired
    ChatHub chats;

    @Test
    void theVisitorWritesTheAgentsReplyAppearsAndADroppedSocketResumesWithoutLossOrDuplicates() {
        String agent = login("agent1");
        setState(agent, "available");
        ConsoleSocket console = console(agent);

        WebDriver page = browser();
        page.get(url("/chat/demo.html"));
        visible(page, ".flc-btn").click();
        awaitText(page, ".flc-status", "online");
        String visitorId = (String) ((JavascriptExecutor) page).executeScript(
                "return JSON.parse(localStorage.getItem('firstline-chat:' + location.origin + ':demo')).visitorId");
        assertThat(visitorId).startsWith("wv-");

        // The visitor writes; once stored (acknowledged) it is no longer shown as pending.
        write(page, "My water meter is leaking");
        awaitSent(page, "My water meter is leaking", PAGE_WAIT);
        long contactId = awaitCount("SELECT c.id FROM contact c JOIN customer_identity i ON i.customer_id = c.customer_id"
                + " WHERE i.channel = 'webchat' AND i.handle = $1", "demo:" + visitorId);

        // The agent is offered the contact on the console socket, accepts and answers; the reply shows in the widget.
        String offerId = console.await(frame("offer", contactId), WAIT).get("data").get("offerId").asString();
        http.post().uri("/api/v1/offers/" + offerId + "/accept").headers(h -> h.setBearerAuth(agent))
                .exchange().expectStatus().isOk();
        reply(agent, contactId, "A plumber is on the way.");
        awaitText(page, ".flc-msg.flc-agent", "A plumber is on the way.");

        // The server drops the visitor's socket, and the browser stays offline so it cannot reconnect yet.
        chats.disconnect("demo:" + visitorId);
        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        ((ChromeDriver) page).setNetworkConditions(offline);
        awaitText(page, ".flc-status", "offline");

        // Meanwhile the agent answers again and the visitor writes again (kept as pending by the widget).
        reply(agent, contactId, "He will be there at 3 pm.");
        write(page, "Thanks, I will be home");
        await(page, d -> d.findElements(By.cssSelector(".flc-msg.flc-visitor.flc-pending")).stream()
                .anyMatch(e -> e.getText().contains("Thanks, I will be home")) ? true : null);
        assertThat(page.findElement(By.cssSelector(".flc-status")).getText()).isNotEqualTo("online");
        assertThat(page.findElements(By.cssSelector(".flc-msg")).stream()
                .filter(e -> e.getText().contains("He will be there at 3 pm."))).isEmpty();

        // Back online: the widget reconnects and resumes; the missed reply arrives and the pending message is stored.
        ((ChromeDriver) page).deleteNetworkConditions();
        awaitSent(page, "Thanks, I will be home", RECONNECT_WAIT);
        awaitText(page, ".flc-status", "online");
        awaitText(page, ".flc-msg.flc-agent", "He will be there at 3 pm.");

        assertThat(shown(page, "He will be there at 3 pm.")).isEqualTo(1);
        // Acknowledged means durable in intake; the message row follows, so wait for it, then count.
        awaitCount("SELECT count(*) FROM message WHERE contact_id = $1 AND direction = 'inbound' AND body = $2",
                contactId, "Thanks, I will be home");
        assertThat(count("SELECT count(*) FROM message WHERE contact_id = $1 AND direction = 'inbound' AND body = $2",
                contactId, "Thanks, I will be home")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM message WHERE contact_id = $1 AND direction = 'inbound'", contactId))
                .isEqualTo(2);
        for (String text : List.of("My water meter is leaking", "A plumber is on the way.", "He will be there at 3 pm.",
                "Thanks, I will be home")) {
            assertThat(shown(page, text)).as("shown once: %s", text).isEqualTo(1);
        }
        assertThat(page.findElements(By.cssSelector(".flc-msg"))).hasSize(4);
    }

    private static void write(WebDriver page, String text) {
        WebElement input = visible(page, ".flc-input");
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
    }

    /** Waits until the visitor's message is shown as acknowledged (stored), not pending. */
    private static void awaitSent(WebDriver page, String text, Duration timeout) {
        new WebDriverWait(page, timeout).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector(".flc-msg.flc-visitor")).stream()
                        .anyMatch(e -> e.getText().contains(text) && !e.getDomAttribute("class").contains("flc-pending"))
                        ? true : null);
    }

    private static long shown(WebDriver page, String text) {
        return page.findElements(By.cssSelector(".flc-msg")).stream().filter(e -> e.getText().contains(text)).count();
    }

    private void reply(String agentToken, long contactId, String text) {
        http.post().uri("/api/v1/contacts/" + contactId + "/messages").headers(h -> h.setBearerAuth(agentToken))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", text))
                .exchange().expectStatus().isCreated();
    }
}
