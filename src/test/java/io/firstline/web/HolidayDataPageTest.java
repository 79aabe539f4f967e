package io.firstline.web;

import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import io.firstline.support.ConsoleSocket;
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

/** On 30 December 2026, with no 2027 holiday data, the console says which deadlines were counted without it. */
@TestPropertySource(properties = "firstline.db.name=firstline_test_holiday_page")
@Import(HolidayDataPageTest.DecemberThirtieth.class)
class HolidayDataPageTest extends BrowserTestBase {

    static final Instant WEDNESDAY_10H = OffsetDateTime.parse("2026-12-30T10:00:00+08:00").toInstant();

    @TestConfiguration
    static class DecemberThirtieth {
        @Bean
        @Primary
        Clock decemberThirtieth() {
            return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), WEDNESDAY_10H));
        }
    }

    @Autowired
    Clock clock;

    @Override
    protected long webhookNow() {
        return clock.instant().getEpochSecond();
    }

    @Test
    void aComplaintWhoseDeadlinesReachIntoAYearWithoutDataIsFlaggedOnTheConsole() {
        String token = login("agent1");
        setState(token, "available");
        ConsoleSocket console = console(token);
        long id = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "投诉: the gate intercom is broken").get("contactId").asLong();
        String offerId = console.await(frame("offer", id), WAIT).get("data").get("offerId").asString();
        http.post().uri("/api/v1/offers/" + offerId + "/accept").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();

        WebDriver page = browser();
        logIn(page, url("/"), "agent1");
        visible(page, "li[data-contact='" + id + "']").click();

        awaitText(page, "#holiday-data-warning", "deadline counted without holiday data");
        assertThat(page.findElements(By.cssSelector("#conversation li[data-deadline='resolve'] .badge.no-holiday-data"))).hasSize(1);
        assertThat(page.findElements(By.cssSelector("#conversation li[data-deadline='investigate'] .badge.no-holiday-data"))).isEmpty();
    }
}
