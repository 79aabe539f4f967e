package io.firstline.supervision;

import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A complaint that arrives on Friday 3 April 2026 at 17:00 in Shanghai, the afternoon before the
 * Qingming holiday (Sat 4 – Mon 6 April): the console shows the deadlines a person counts by hand.
 */
@TestPropertySource(properties = "firstline.db.name=firstline_test_holiday")
@Import(HolidayDeadlineTest.FridayBeforeQingming.class)
class HolidayDeadlineTest extends AppTestBase {

    static final Instant FRIDAY_17H = OffsetDateTime.parse("2026-04-03T17:00:00+08:00").toInstant();

    @TestConfiguration
    static class FridayBeforeQingming {
        @Bean
        @Primary
        Clock fridayBeforeQingming() {
            return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), FRIDAY_17H));
        }
    }

    @Autowired
    Clock clock;

    @Override
    protected long webhookNow() {
        return clock.instant().getEpochSecond();
    }

    @Test
    void aComplaintOnTheFridayBeforeQingmingIsDueTheThursdayAfterAtClosingTime() {
        String token = login("agent1");
        setState(token, "available");
        ConsoleSocket console = console(token);

        long id = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "投诉：维修工没有来").get("contactId").asLong();

        JsonNode deadlines = console.await(frame("offer", id), WAIT).get("data").get("deadlines");
        // Holiday Sat 4 – Mon 6 April; working days after Friday: Tue 7 (1), Wed 8 (2), Thu 9 (3).
        assertThat(OffsetDateTime.parse(deadlines.get("investigate").asString()).toInstant())
                .isEqualTo(OffsetDateTime.parse("2026-04-07T18:00:00+08:00").toInstant());
        assertThat(OffsetDateTime.parse(deadlines.get("reply").asString()).toInstant())
                .isEqualTo(OffsetDateTime.parse("2026-04-08T18:00:00+08:00").toInstant());
        assertThat(OffsetDateTime.parse(deadlines.get("resolve").asString()).toInstant())
                .isEqualTo(OffsetDateTime.parse("2026-04-09T18:00:00+08:00").toInstant());
        // The acknowledgement runs on the 24-hour hotline clock: Saturday, 24 hours later.
        assertThat(Duration.between(FRIDAY_17H, OffsetDateTime.parse(deadlines.get("acknowledge").asString()).toInstant()))
                .isBetween(Duration.ofHours(24), Duration.ofHours(24).plusMinutes(5));
    }
}
