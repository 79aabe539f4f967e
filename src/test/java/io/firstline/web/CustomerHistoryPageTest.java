package io.firstline.web;

import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import io.firstline.channel.StandardWebhookVerifier;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The conversation shows the customer's history across channels: a customer who e-mailed last week writes on
 * web chat today; the e-mail address they give belongs to an archive the agent may not open, so a supervisor
 * merges the two; the e-mail contact and its messages then appear beside the chat, and every look at the
 * archive is on the audit trail.
 */
@TestPropertySource(properties = "firstline.db.name=firstline_test_pages")
class CustomerHistoryPageTest extends BrowserTestBase {

    private static final String EMAIL_SECRET = "whsec_Zmlyc3RsaW5lLWRlbW8tZW1haWwtc2VjcmV0LTMyYg==";

    @Test
    void theCustomersEarlierEmailContactAppearsBesideTheChatOnceTheirAddressIsLinked() {
        // Last week, by e-mail: agent2 took it and resolved it.
        String address = "wang." + UUID.randomUUID() + "@example.com";
        String colleague = login("agent2");
        setState(colleague, "available");
        ConsoleSocket colleagueConsole = console(colleague);
        long emailContact = sendEmail(address, "My meter reading on the October bill is wrong");
        String offer = colleagueConsole.await(frame("offer", emailContact), WAIT).get("data").get("offerId").asString();
        http.post().uri("/api/v1/offers/" + offer + "/accept").headers(h -> h.setBearerAuth(colleague)).exchange().expectStatus().isOk();
        http.post().uri("/api/v1/contacts/" + emailContact + "/resolve").headers(h -> h.setBearerAuth(colleague))
                .exchange().expectStatus().isOk();
        setState(colleague, "offline");

        // Today, on web chat, agent1 takes the chat: no history yet, the visitor is not known to be the same person.
        WebDriver page = browser();
        logIn(page, url("/"), "agent1");
        new Select(page.findElement(By.id("state"))).selectByValue("available");
        await(page, d -> count("SELECT count(*) FROM agent WHERE username = 'agent1' AND state = 'available'") == 1 ? true : null);
        String visitor = "visitor-" + UUID.randomUUID();
        long chat = sendWebchat(Webhooks.newId(), visitor, "Hello, I wrote to you about my meter last week").get("contactId").asLong();
        visible(page, ".offer .accept").click();
        awaitText(page, "#conversation h2", "#" + chat);
        visible(page, "#no-history");
        awaitText(page, "#identities", visitor);

        // A handle that is not one is refused on the page and links nothing.
        new Select(page.findElement(By.id("link-channel"))).selectByValue("email");
        page.findElement(By.id("link-button")).click();
        awaitText(page, "#link-error", "handle is required");

        // The customer gives their e-mail address. It is another customer's archive, closed to agent1: the page
        // says a supervisor can merge them, and a supervisor does.
        page.findElement(By.id("link-handle")).sendKeys(address);
        page.findElement(By.id("link-button")).click();
        awaitText(page, "#link-error", "a supervisor can merge");
        long customer = count("SELECT customer_id FROM contact WHERE id = $1", chat);
        http.post().uri("/api/v1/customers/" + customer + "/identities").headers(h -> h.setBearerAuth(login("supervisor1")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("channel", "email", "handle", address))
                .exchange().expectStatus().isOk();

        // Opening the chat again reads the archive again: the e-mail contact is in the history, with its message.
        page.findElement(By.cssSelector("#contacts li[data-contact='" + chat + "']")).click();
        awaitText(page, "#identities", address);
        WebElement past = visible(page, "#history-contacts li[data-contact='" + emailContact + "']");
        assertThat(past.getText()).contains("email").contains("Agent Two");
        past.findElement(By.tagName("summary")).click();
        awaitText(page, "#history-contacts li[data-contact='" + emailContact + "'] .message", "My meter reading on the October bill is wrong");
        // agent1 never handled the e-mail contact: they may read it here, not act on it.
        assertThat(past.findElements(By.cssSelector(".open-contact"))).isEmpty();
        screenshot(page, "console-history");

        // Every look at the archive by a person is audited, once per look: agent1 opened it when the chat was
        // accepted and again on the click; the refused link and the bad handle read nothing.
        JsonNode reads = http.get().uri("/api/v1/customers/" + customer + "/reads").headers(h -> h.setBearerAuth(login("supervisor1")))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        long byAgent1 = 0;
        for (JsonNode read : reads) {
            if (read.get("agent").get("id").asLong() == agentId("agent1")) {
                assertThat(read.get("contactId").asLong()).isEqualTo(chat);
                byAgent1++;
            }
        }
        assertThat(byAgent1).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM contact WHERE id = $1 AND customer_id = $2", emailContact, customer)).isEqualTo(1);
    }

    private long sendEmail(String from, String text) {
        String messageId = "<" + UUID.randomUUID() + "@mail.example.com>";
        byte[] mime = ("From: Wang Fang <" + from + ">\r\n"
                + "To: support@demo.firstline.example\r\n"
                + "Subject: Meter reading\r\n"
                + "Message-ID: " + messageId + "\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
                + text + "\r\n").getBytes(StandardCharsets.UTF_8);
        String id = Webhooks.newId();
        long now = webhookNow();
        return http.post().uri("/webhooks/email/demo").contentType(MediaType.parseMediaType("message/rfc822"))
                .header("webhook-id", id).header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", StandardWebhookVerifier.signatureHeader(EMAIL_SECRET, id, Long.toString(now), mime))
                .bodyValue(mime).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().get("contactId").asLong();
    }
}
