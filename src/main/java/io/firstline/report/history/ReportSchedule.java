package io.firstline.report.history;

import io.firstline.DomainModel;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which scheduled reports are due at a local time: the daily report on yesterday from {@code dailyAt} (default 08:30,
 * before the morning meeting), and the monthly supervision report on last month from {@code dailyAt} on the month's
 * first working day (business calendar: weekends, holidays and make-up days). Making one twice is the archive's to
 * refuse, so a late or repeated look (a restart) makes what was missed, once.
 */
@DomainModel
record ReportSchedule(LocalTime dailyAt, Predicate<LocalDate> workingDay) {

    List<ReportPeriod> due(LocalDateTime now, java.time.ZoneId zone) {
        List<ReportPeriod> due = new ArrayList<>();
        if (now.toLocalTime().isBefore(dailyAt)) {
            return due;
        }
        LocalDate today = now.toLocalDate();
        due.add(ReportPeriod.of(ReportKind.DAILY, null, null, today, zone));
        if (today.equals(firstWorkingDay(today))) {
            due.add(ReportPeriod.of(ReportKind.MONTHLY, null, null, today, zone));
        }
        return due;
    }

    LocalDate firstWorkingDay(LocalDate inMonth) {
        LocalDate day = inMonth.withDayOfMonth(1);
        while (!workingDay.test(day) && day.getMonth() == inMonth.getMonth()) {
            day = day.plusDays(1);
        }
        return day;
    }
}
