package io.firstline.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A year of holiday data loaded by an admin is checked before it is used, and working-day deadlines that reach past
 * the loaded years say so. The year 2031 below is a made-up fixture, not a real arrangement.
 */
class CalendarYearTest {

    private static CalendarYear year(List<CalendarYear.Holiday> holidays, List<CalendarYear.Workday> workdays) {
        return new CalendarYear(2031, holidays, workdays, "test fixture");
    }

    @Test
    void aValidYearBecomesCalendarData() {
        CalendarYear fixture = year(List.of(new CalendarYear.Holiday("2031-01-01", "2031-01-03", "fixture holiday")),
                List.of(new CalendarYear.Workday("2031-01-04", "fixture make-up day")));

        assertThat(fixture.problems()).isEmpty();
        CalendarData data = fixture.data();
        assertThat(data.years()).containsExactly(2031);
        assertThat(data.holidayDates()).containsExactly(LocalDate.of(2031, 1, 1), LocalDate.of(2031, 1, 2), LocalDate.of(2031, 1, 3));
        assertThat(data.workdayDates()).containsExactly(LocalDate.of(2031, 1, 4));
    }

    @Test
    void everyProblemIsListedAtOnce() {
        CalendarYear bad = new CalendarYear(2031, List.of(
                new CalendarYear.Holiday("2031-02-10", "2031-02-01", "backwards"),
                new CalendarYear.Holiday("2030-12-31", null, "last year"),
                new CalendarYear.Holiday("2031-05-01", "2031-05-02", "first"),
                new CalendarYear.Holiday("2031-05-02", null, "twice"),
                new CalendarYear.Holiday("May Day", null, "not a date")),
                List.of(new CalendarYear.Workday("2031-01-06", "a Monday")), " ");

        assertThat(bad.problems()).anySatisfy(p -> assertThat(p).contains("source is required"))
                .anySatisfy(p -> assertThat(p).contains("holidays[0]").contains("forwards"))
                .anySatisfy(p -> assertThat(p).contains("holidays[1]").contains("not in 2031"))
                .anySatisfy(p -> assertThat(p).contains("holidays[3]").contains("already listed in holidays[2]"))
                .anySatisfy(p -> assertThat(p).contains("holidays[4].from must be a date"))
                .anySatisfy(p -> assertThat(p).contains("workdays[0]").contains("monday"));
        assertThat(new CalendarYear(1999, List.of(), List.of(), "x").problems()).containsExactly("year must be between 2000 and 2100");
    }

    @Test
    void loadingAYearReplacesThatYearOnly() {
        CalendarData shipped = CalendarData.load(CalendarData.CHINA_2026);
        CalendarData fixture = year(List.of(new CalendarYear.Holiday("2031-01-01", null, "x")), List.of()).data();

        CalendarData both = shipped.replacingYear(fixture);
        assertThat(both.years()).containsExactly(2026, 2031);
        CalendarData replaced = both.replacingYear(year(List.of(new CalendarYear.Holiday("2031-01-02", null, "y")), List.of()).data());
        assertThat(replaced.holidayDates()).contains(LocalDate.of(2031, 1, 2)).doesNotContain(LocalDate.of(2031, 1, 1));
        assertThat(replaced.holidayDates()).containsAll(shipped.holidayDates());
    }

    @Test
    void workingDayDeadlinesReachingPastTheDataAreFlaggedAndHourDeadlinesNever() {
        Calendars calendars = Calendars.china(CalendarData.load(CalendarData.CHINA_2026));
        DeadlineCalculator calculator = new DeadlineCalculator(calendars);
        SlaPolicy complaint = SlaPolicies.defaults().find(ContactType.COMPLAINT, Severity.NORMAL, null, null).orElseThrow();

        // Monday 28 December 2026: every working-day deadline is still in 2026.
        Instant monday = OffsetDateTime.parse("2026-12-28T10:00:00+08:00").toInstant();
        assertThat(calculator.deadlines(complaint, monday)).noneMatch(Deadline::withoutHolidayData);

        // Wednesday 30 December: investigate (1 working day) is Thursday 31st; reply (2) and resolve (3) land in January
        // 2027, for which there is no data — reply would be due on New Year's Day, counted as a plain Friday.
        Instant wednesday = OffsetDateTime.parse("2026-12-30T10:00:00+08:00").toInstant();
        List<Deadline> late = calculator.deadlines(complaint, wednesday);
        assertThat(late).filteredOn(Deadline::withoutHolidayData).extracting(Deadline::name)
                .containsExactlyInAnyOrder("reply", "resolve");
        assertThat(calendars.officeHours().coveredUntil(LocalDate.of(2026, 12, 30))).isEqualTo(LocalDate.of(2027, 1, 1));
    }
}
