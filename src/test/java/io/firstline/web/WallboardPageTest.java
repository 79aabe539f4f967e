package io.firstline.web;

import static io.firstline.support.ConsoleSocket.frame;

import java.util.UUID;
import io.firstline.report.Wallboard;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** A supervisor watches the wallboard while a contact waits and is answered and an agent changes state. */
@TestPropertySource(properties = "firstline.db.name=firstline_test_pages")
class WallboardPageTest extends BrowserTestBase {

    @Autowired
    Wallboard wallboard;

    @Test
    void theWaitingCountRisesAndFallsAndAnAgentsStateChangeShows() {
        WebDriver page = browser();
        logIn(page, url("/wallboard"), "supervisor1");
        String agentRow = "#agents tr[data-agent='" + agentId("agent3") + "']";
        awaitText(page, agentRow + " .state", "offline");
        awaitText(page, "#queues tr[data-channel='webchat'] .waiting", "0");

        long contactId = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "Where is my invoice?")
                .get("contactId").asLong();
        awaitText(page, "#queues tr[data-channel='webchat'] .waiting", "1");
        screenshot(page, "wallboard");

        String token = login("agent3");
        ConsoleSocket console = console(token);
        setState(token, "available");
        awaitText(page, agentRow + " .state", "available");

        // The server drops the wallboard's socket: the page reconnects and keeps following.
        wallboard.dropScreens();
        await(page, d -> "2".equals(d.findElement(By.tagName("body")).getDomAttribute("data-connects")) ? true : null);
        String offerId = console.await(frame("offer", contactId), WAIT).get("data").get("offerId").asString();
        http.post().uri("/api/v1/offers/" + offerId + "/accept").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk();
        awaitText(page, "#queues tr[data-channel='webchat'] .waiting", "0");
        await(page, d -> d.findElement(By.cssSelector(agentRow)).getText().endsWith("1") ? true : null);
    }
}
