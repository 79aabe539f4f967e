package io.firstline.web;

import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/** A step done by hand on the console: the deadline shows "met on time", with who and the note. */
class DeadlinesPageTest extends BrowserTestBase {

    @Test
    void anAgentMarksTheInvestigationStartedAndTheDeadlineShowsMetOnTime() {
        String token = login("agent2");
        setState(token, "available");
        ConsoleSocket console = console(token);
        long id = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "投诉: the street light is out for a week")
                .get("contactId").asLong();
        String offerId = console.await(frame("offer", id), WAIT).get("data").get("offerId").asString();
        http.post().uri("/api/v1/offers/" + offerId + "/accept").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();

        WebDriver page = browser();
        logIn(page, url("/"), "agent2");
        visible(page, "li[data-contact='" + id + "']").click();
        String investigate = "#conversation li[data-deadline='investigate']";
        visible(page, investigate + " .countdown");

        // The page re-renders on live frames: each step finds its element afresh (stale ones are retried).
        await(page, d -> {
            d.findElement(By.cssSelector(investigate + " details.meet summary")).click();
            return true;
        });
        await(page, d -> {
            d.findElement(By.id("met-investigate")).findElement(By.tagName("button")).click();
            return true;
        });
        awaitText(page, investigate + " .error", "note is required");
        await(page, d -> {
            d.findElement(By.id("met-note-investigate")).sendKeys("investigation started: lamp post 14 reported");
            return true;
        });
        await(page, d -> {
            d.findElement(By.id("met-investigate")).findElement(By.tagName("button")).click();
            return true;
        });

        awaitText(page, investigate + " .badge.met", "met on time");
        assertThat(page.findElement(By.cssSelector(investigate + " .badge.met")).getDomAttribute("title"))
                .contains("agent2").contains("lamp post 14");
        assertThat(page.findElements(By.cssSelector(investigate + " details.meet"))).isEmpty();
        // The other steps are still counting down.
        assertThat(page.findElements(By.cssSelector("#conversation li[data-deadline='acknowledge'] .countdown"))).hasSize(1);
        assertThat(count("SELECT count(*) FROM contact_deadline WHERE contact_id = $1 AND name = 'investigate' AND met_by = 'agent2'", id))
                .isEqualTo(1);
    }
}
