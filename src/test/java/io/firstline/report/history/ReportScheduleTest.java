package io.firstline.report.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import io.firstline.sla.BusinessCalendar;
import io.firstline.sla.CalendarData;
import org.junit.jupiter.api.Test;

/** When the scheduled reports are due, on a fixed clock and the 2026 calendar (National Day holiday, make-up days). */
class ReportScheduleTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private final ReportSchedule schedule = new ReportSchedule(LocalTime.of(8, 30), china()::isWorkingDay);

    private static BusinessCalendar china() {
        return BusinessCalendar.china(CalendarData.load(CalendarData.CHINA_2026), io.firstline.sla.WorkingHours.OFFICE);
    }

    private List<ReportPeriod> dueAt(String localTime) {
        Clock fixed = Clock.fixed(LocalDateTime.parse(localTime).atZone(ZONE).toInstant(), ZONE);
        return schedule.due(LocalDateTime.now(fixed), ZONE);
    }

    @Test
    void theDailyReportOnYesterdayIsDueFromHalfPastEight() {
        assertThat(dueAt("2026-11-24T08:29:59")).isEmpty();
        assertThat(dueAt("2026-11-24T08:30")).containsExactly(
                new ReportPeriod(ReportKind.DAILY, LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 24), ZONE));
    }

    @Test
    void theMonthlyReportIsDueOnTheFirstWorkingDayAfterTheHolidays() {
        // October 1-7 is the National Day holiday: the September report waits for Thursday the 8th.
        assertThat(dueAt("2026-10-01T09:00")).extracting(ReportPeriod::kind).containsExactly(ReportKind.DAILY);
        assertThat(dueAt("2026-10-08T09:00")).contains(
                new ReportPeriod(ReportKind.MONTHLY, LocalDate.of(2026, 9, 1), LocalDate.of(2026, 10, 1), ZONE));
        // November 1 is a Sunday: Monday the 2nd.
        assertThat(schedule.firstWorkingDay(LocalDate.of(2026, 11, 20))).isEqualTo(LocalDate.of(2026, 11, 2));
        assertThat(dueAt("2026-11-02T08:30")).extracting(ReportPeriod::kind)
                .containsExactly(ReportKind.DAILY, ReportKind.MONTHLY);
        assertThat(Instant.parse("2026-11-02T00:30:00Z")).isEqualTo(LocalDateTime.parse("2026-11-02T08:30").atZone(ZONE).toInstant());
    }
}
