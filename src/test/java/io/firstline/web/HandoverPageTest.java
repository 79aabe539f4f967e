package io.firstline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

/** The hand-over page: the outgoing supervisor signs, the incoming manager is refused until the major matter has a note. */
@TestPropertySource(properties = "firstline.db.name=firstline_test_handover_page")
@Import(HandoverPageTest.Noon.class)
class HandoverPageTest extends BrowserTestBase {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @TestConfiguration
    static class Noon {
        @Bean
        @Primary
        Clock noon() {
            Instant noon = LocalDate.now(SHANGHAI).plusDays(1).atTime(12, 0).atZone(SHANGHAI).toInstant();
            return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), noon));
        }
    }

    @Autowired
    Clock clock;

    @Override
    protected long webhookNow() {
        return clock.instant().getEpochSecond();
    }

    /** The hand-over page has no live socket: logged in once its record shows. */
    private void logInToHandover(WebDriver driver, String username) {
        driver.get(url("/handover.html"));
        visible(driver, "#username").sendKeys(username);
        driver.findElement(By.id("password")).sendKeys("demo");
        driver.findElement(By.id("login-button")).click();
        visible(driver, "#handover-items");
    }

    @Test
    void bothSignAndTheMajorMatterNeedsANoteFirst() {
        long major = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "fire alarm ringing in block 2, smoke!")
                .get("contactId").asLong();

        WebDriver outgoing = browser();
        logInToHandover(outgoing, "supervisor1");
        String row = "#handover-items li[data-contact='" + major + "']";
        awaitText(outgoing, row, "major");
        outgoing.findElement(By.id("duty-log")).sendKeys("Fire brigade informed at 11:40.");
        outgoing.findElement(By.id("save-log")).click();
        await(outgoing, d -> {
            d.findElement(By.id("sign-outgoing")).click();
            return true;
        });
        awaitText(outgoing, "#outgoing", "supervisor1");

        WebDriver incoming = browser();
        logInToHandover(incoming, "manager1");
        awaitText(incoming, "#outgoing", "supervisor1");
        await(incoming, d -> {
            d.findElement(By.id("sign-incoming")).click();
            return true;
        });
        awaitText(incoming, "#handover-error", "四不接");
        await(incoming, d -> {
            d.findElement(By.id("note-" + major)).sendKeys("brigade on site; residents evacuated");
            d.findElement(By.cssSelector(row + " .save-note")).click();
            return true;
        });
        // Saved: the matter no longer blocks the take-over.
        await(incoming, d -> d.findElements(By.cssSelector(row + ".blocking")).isEmpty()
                && d.findElement(By.id("note-" + major)).getDomProperty("value").contains("evacuated") ? true : null);
        await(incoming, d -> {
            d.findElement(By.id("sign-incoming")).click();
            return true;
        });
        awaitText(incoming, "#incoming", "manager1");
        awaitText(incoming, "#signed", "read-only");
        assertThat(incoming.findElement(By.id("duty-log")).getDomProperty("disabled")).isEqualTo("true");
        assertThat(incoming.findElements(By.id("sign-incoming"))).isEmpty();
    }
}
