package io.firstline.sla;

import static io.firstline.sla.Cn2026.ALL_DAY;
import static io.firstline.sla.Cn2026.OFFICE;
import static io.firstline.sla.Cn2026.SHANGHAI;
import static io.firstline.sla.Cn2026.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hand-computed examples on the mainland-China 2026 calendar (Mon–Fri, Asia/Shanghai). */
class BusinessCalendarTest {

    @Nested
    class WorkingDays {

        @ParameterizedTest(name = "{0} working: {1}")
        @CsvSource({
                "2026-03-02, true",   // Monday
                "2026-03-07, false",  // Saturday
                "2026-03-08, false",  // Sunday
                "2026-01-01, false",  // New Year, Thursday
                "2026-01-02, false",  // New Year, Friday
                "2026-01-04, true",   // Sunday, make-up working day
                "2026-02-14, true",   // Saturday, make-up working day
                "2026-02-23, false",  // Monday in the Spring Festival block
                "2026-02-28, true",   // Saturday, make-up working day
                "2026-04-06, false",  // Qingming Monday
                "2026-05-05, false",  // Labour Day Tuesday
                "2026-05-09, true",   // Saturday, make-up working day
                "2026-06-19, false",  // Dragon Boat Friday
                "2026-09-20, true",   // Sunday, make-up working day
                "2026-09-25, false",  // Mid-Autumn Friday
                "2026-10-07, false",  // National Day Wednesday
                "2026-10-10, true",   // Saturday, make-up working day
                "2026-10-11, false",  // Sunday
        })
        void isWorkingDay(LocalDate date, boolean working) {
            assertThat(OFFICE.isWorkingDay(date)).isEqualTo(working);
            assertThat(ALL_DAY.isWorkingDay(date)).isEqualTo(working);
        }

        @Test
        void twoThousandTwentySixHas248WorkingDays() {
            // 261 Monday–Friday days, 19 of them holidays, 6 make-up weekend days
            long count = LocalDate.of(2026, 1, 1).datesUntil(LocalDate.of(2027, 1, 1)).filter(OFFICE::isWorkingDay).count();
            assertThat(count).isEqualTo(248);
        }
    }

    /**
     * The brief's example: a complaint received Friday 2026-09-18 17:00. Fri 18 is the day of receipt and does
     * not count. Working days after it: Sun 20 (make-up) = 1, Mon 21 = 2, Tue 22 = 3, Wed 23 = 4, Thu 24 = 5,
     * Fri 25 – Sun 27 Mid-Autumn holiday, Mon 28 = 6, Tue 29 = 7. Each is due at the close, 18:00.
     */
    @Nested
    class AddWorkingDays {

        @ParameterizedTest(name = "received {0} + {1} working days = {2}")
        @CsvSource({
                // the brief's example
                "2026-09-18T17:00, 1, 2026-09-20T18:00",
                "2026-09-18T17:00, 2, 2026-09-21T18:00",
                "2026-09-18T17:00, 3, 2026-09-22T18:00",
                "2026-09-18T17:00, 7, 2026-09-29T18:00",
                // the day before Mid-Autumn, then into National Day (Oct 1–7) and its make-up Saturday Oct 10
                "2026-09-24T17:00, 1, 2026-09-28T18:00",
                "2026-09-24T17:00, 3, 2026-09-30T18:00",
                "2026-09-24T17:00, 4, 2026-10-08T18:00",
                "2026-09-24T17:00, 6, 2026-10-10T18:00",
                "2026-09-24T17:00, 7, 2026-10-12T18:00",
                // the Friday before Spring Festival: Sat 14 is worked, Feb 15–23 off, Sat 28 worked
                "2026-02-13T17:00, 1, 2026-02-14T18:00",
                "2026-02-13T17:00, 2, 2026-02-24T18:00",
                "2026-02-13T17:00, 3, 2026-02-25T18:00",
                "2026-02-13T17:00, 6, 2026-02-28T18:00",
                "2026-02-13T17:00, 7, 2026-03-02T18:00",
                // received before opening: the day of receipt still does not count
                "2026-03-02T07:00, 1, 2026-03-03T18:00",
                // received after closing
                "2026-03-02T23:30, 1, 2026-03-03T18:00",
                // plain weekend: Friday -> Monday
                "2026-03-06T10:00, 1, 2026-03-09T18:00",
                // received on a Saturday: counting starts with Monday
                "2026-03-07T10:00, 1, 2026-03-09T18:00",
                "2026-03-07T10:00, 5, 2026-03-13T18:00",
                // received on a holiday (Mid-Autumn Saturday): counting starts with Monday 28
                "2026-09-26T10:00, 1, 2026-09-28T18:00",
                // received on a make-up Sunday: it is the day of receipt and does not count
                "2026-09-20T10:00, 1, 2026-09-21T18:00",
                // Labour Day block and its make-up Saturday May 9
                "2026-04-30T12:00, 1, 2026-05-06T18:00",
                "2026-05-08T12:00, 1, 2026-05-09T18:00",
                // New Year: received on Wed Dec 31 2025 is outside the data; received Jan 1 (holiday)
                "2026-01-01T10:00, 1, 2026-01-04T18:00",
                "2026-01-01T10:00, 2, 2026-01-05T18:00",
        })
        void officeHours(String received, int days, String due) {
            assertThat(OFFICE.addWorkingDays(at(received), days)).isEqualTo(at(due));
        }

        @Test
        void twentyFourHourCalendarEndsAtTheFollowingMidnight() {
            assertThat(ALL_DAY.addWorkingDays(at("2026-09-18T17:00"), 1)).isEqualTo(at("2026-09-21T00:00"));
            assertThat(ALL_DAY.addWorkingDays(at("2026-09-18T17:00"), 7)).isEqualTo(at("2026-09-30T00:00"));
            assertThat(ALL_DAY.addWorkingDays(at("2026-09-18T17:00"), 7))
                    .isEqualTo(Instant.parse("2026-09-29T16:00:00Z"));
        }

        @Test
        void dueInstantsInUtc() {
            // 18:00 in Asia/Shanghai (UTC+8, no DST) is 10:00 UTC
            assertThat(OFFICE.addWorkingDays(at("2026-09-18T17:00"), 1)).isEqualTo(Instant.parse("2026-09-20T10:00:00Z"));
            assertThat(OFFICE.addWorkingDays(at("2026-09-18T17:00"), 3)).isEqualTo(Instant.parse("2026-09-22T10:00:00Z"));
        }

        @Test
        void zeroOrNegativeDaysAreRefused() {
            assertThatThrownBy(() -> OFFICE.addWorkingDays(at("2026-03-02T10:00"), 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void theLocalDateIsTakenInTheCalendarZone() {
            // 2026-03-06T17:00Z is Saturday 01:00 in Shanghai: counting starts Monday
            assertThat(OFFICE.addWorkingDays(Instant.parse("2026-03-06T17:00:00Z"), 1)).isEqualTo(at("2026-03-09T18:00"));
        }
    }

    @Nested
    class AddWorkingHours {

        @ParameterizedTest(name = "{0} + {1} working = {2}")
        @CsvSource({
                "2026-03-02T10:00, PT3H,  2026-03-02T13:00",   // inside hours
                "2026-03-02T07:00, PT3H,  2026-03-02T12:00",   // before opening: starts at 09:00
                "2026-03-02T19:00, PT1H,  2026-03-03T10:00",   // after closing: next opening
                "2026-03-02T09:00, PT9H,  2026-03-02T18:00",   // used up exactly at closing: closing, not next opening
                "2026-03-02T09:00, PT9H1S, 2026-03-03T09:00:01",
                "2026-03-06T17:00, PT2H,  2026-03-09T10:00",   // Friday -> Monday
                "2026-03-07T08:00, PT1H,  2026-03-09T10:00",   // Saturday start
                "2026-09-18T17:00, PT2H,  2026-09-20T10:00",   // Friday -> make-up Sunday
                "2026-09-24T16:00, PT4H,  2026-09-28T11:00",   // Thursday -> over Mid-Autumn -> Monday
                "2026-09-30T17:30, PT1H,  2026-10-08T09:30",   // over National Day
                "2026-03-02T10:00, PT0S,  2026-03-02T10:00",   // zero
                "2026-03-07T10:00, PT0S,  2026-03-07T10:00",   // zero outside hours: the start itself
        })
        void officeHours(String start, Duration amount, String expected) {
            assertThat(OFFICE.addWorkingHours(at(start), amount)).isEqualTo(at(expected));
        }

        @Test
        void twentyFourHourCalendarCountsWholeWorkingDays() {
            // Fri 17:00 -> 7 h left on Friday, Saturday off, Sunday 20 is a make-up day
            assertThat(ALL_DAY.addWorkingHours(at("2026-09-18T17:00"), Duration.ofHours(10)))
                    .isEqualTo(at("2026-09-20T03:00"));
        }

        @Test
        void negativeIsRefused() {
            assertThatThrownBy(() -> OFFICE.addWorkingHours(at("2026-03-02T10:00"), Duration.ofHours(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void plainHoursIgnoreTheCalendar() {
            assertThat(OFFICE.addHours(at("2026-09-30T17:00"), Duration.ofHours(24))).isEqualTo(at("2026-10-01T17:00"));
        }
    }

    @Nested
    class WorkingTimeBetween {

        @Test
        void officeHours() {
            // Fri 17–18 (1 h), Sun 20 make-up 9 h, Mon 09–10 (1 h)
            assertThat(OFFICE.workingTimeBetween(at("2026-09-18T17:00"), at("2026-09-21T10:00"))).isEqualTo(Duration.ofHours(11));
            assertThat(OFFICE.workingTimeBetween(at("2026-03-02T07:00"), at("2026-03-02T20:00"))).isEqualTo(Duration.ofHours(9));
            assertThat(OFFICE.workingTimeBetween(at("2026-09-25T00:00"), at("2026-09-28T00:00"))).isZero();
        }

        @Test
        void twentyFourHours() {
            // Fri 7 h, Sat off, Sun (make-up) 24 h, Mon 10 h
            assertThat(ALL_DAY.workingTimeBetween(at("2026-09-18T17:00"), at("2026-09-21T10:00"))).isEqualTo(Duration.ofHours(41));
        }

        @Test
        void antisymmetric() {
            assertThat(OFFICE.workingTimeBetween(at("2026-09-21T10:00"), at("2026-09-18T17:00"))).isEqualTo(Duration.ofHours(-11));
        }
    }

    @Nested
    class Zones {

        @Test
        void shanghaiHasNoDaylightSavingSo_everyOfficeDayIsNineHours() {
            assertThat(SHANGHAI.getRules().nextTransition(Instant.parse("2000-01-01T00:00:00Z"))).isNull();
            LocalDate.of(2026, 1, 1).datesUntil(LocalDate.of(2027, 1, 1)).forEach(day -> {
                assertThat(Duration.between(OFFICE.openingOf(day), OFFICE.closingOf(day))).isEqualTo(Duration.ofHours(9));
                assertThat(Duration.between(ALL_DAY.openingOf(day), ALL_DAY.closingOf(day))).isEqualTo(Duration.ofHours(24));
            });
        }

        @Test
        void aDaylightSavingDayIsCountedInRealElapsedTime() {
            ZoneId berlin = ZoneId.of("Europe/Berlin");
            BusinessCalendar everyDay = new BusinessCalendar(berlin, EnumSet.allOf(DayOfWeek.class), Set.of(), Set.of(),
                    Set.of(), WorkingHours.ALL_DAY);
            Instant sundayStart = LocalDate.of(2026, 3, 29).atStartOfDay(berlin).toInstant();
            Instant mondayStart = LocalDate.of(2026, 3, 30).atStartOfDay(berlin).toInstant();
            assertThat(everyDay.workingTimeBetween(sundayStart, mondayStart)).isEqualTo(Duration.ofHours(23));
            assertThat(everyDay.addWorkingDays(LocalDateTime.parse("2026-03-28T12:00").atZone(berlin).toInstant(), 1))
                    .isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
        }

        @Test
        void hoursClosingAtMidnight() {
            BusinessCalendar lateShift = OFFICE.withHours(WorkingHours.of(LocalTime.of(8, 0), LocalTime.MIDNIGHT));
            assertThat(lateShift.addWorkingDays(at("2026-03-02T10:00"), 1)).isEqualTo(at("2026-03-04T00:00"));
            assertThat(lateShift.addWorkingHours(at("2026-03-02T23:00"), Duration.ofHours(2))).isEqualTo(at("2026-03-03T09:00"));
        }
    }

    @Nested
    class Construction {

        @Test
        void refusesNoWorkingWeekdays() {
            assertThatThrownBy(() -> new BusinessCalendar(SHANGHAI, Set.of(), Set.of(), Set.of(), Set.of(), WorkingHours.OFFICE))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void refusesADateThatIsBothHolidayAndWorkday() {
            LocalDate day = LocalDate.of(2026, 3, 7);
            assertThatThrownBy(() -> new BusinessCalendar(SHANGHAI, BusinessCalendar.MONDAY_TO_FRIDAY, Set.of(day),
                    Set.of(day), Set.of(), WorkingHours.OFFICE)).hasMessageContaining("2026-03-07");
        }

        @Test
        void refusesBackwardsHours() {
            assertThatThrownBy(() -> WorkingHours.of(LocalTime.of(18, 0), LocalTime.of(9, 0)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(WorkingHours.ALL_DAY.allDay()).isTrue();
            assertThat(WorkingHours.OFFICE.allDay()).isFalse();
        }

        @Test
        void knowsWhichYearsHaveData() {
            assertThat(OFFICE.hasDataFor(LocalDate.of(2026, 12, 31))).isTrue();
            assertThat(OFFICE.hasDataFor(LocalDate.of(2027, 1, 1))).isFalse();
        }
    }
}
