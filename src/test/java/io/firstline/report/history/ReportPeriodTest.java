package io.firstline.report.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Report periods in the workspace's time zone: local midnights, Monday weeks, months, bounded ranges. */
class ReportPeriodTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final LocalDate WEDNESDAY = LocalDate.of(2026, 12, 2);

    @Test
    void withoutDatesEachKindIsTheLastCompletePeriod() {
        assertThat(ReportPeriod.of(ReportKind.DAILY, null, null, WEDNESDAY, ZONE).from()).isEqualTo("2026-12-01");
        ReportPeriod week = ReportPeriod.of(ReportKind.WEEKLY, null, null, WEDNESDAY, ZONE);
        assertThat(week.from()).isEqualTo("2026-11-23");
        assertThat(week.to()).isEqualTo("2026-11-30");
        ReportPeriod month = ReportPeriod.of(ReportKind.MONTHLY, null, null, WEDNESDAY, ZONE);
        assertThat(month.from()).isEqualTo("2026-11-01");
        assertThat(month.to()).isEqualTo("2026-12-01");
    }

    @Test
    void aDayStartsAtLocalMidnightAndAWeekOnMonday() {
        ReportPeriod day = ReportPeriod.of(ReportKind.DAILY, "2026-11-23", null, WEDNESDAY, ZONE);
        assertThat(day.start()).isEqualTo(Instant.parse("2026-11-22T16:00:00Z"));
        assertThat(day.end()).isEqualTo(Instant.parse("2026-11-23T16:00:00Z"));
        // Sunday the 29th belongs to the week that began on Monday the 23rd.
        assertThat(ReportPeriod.of(ReportKind.WEEKLY, "2026-11-29", null, WEDNESDAY, ZONE).from()).isEqualTo("2026-11-23");
        assertThat(ReportPeriod.of(ReportKind.MONTHLY, "2026-02", null, WEDNESDAY, ZONE).to()).isEqualTo("2026-03-01");
    }

    @Test
    void rangesNeedBothEndsInOrderAndAtMostAYear() {
        assertThat(ReportPeriod.of(ReportKind.RANGE, "2026-09-01", "2026-11-29", WEDNESDAY, ZONE).to()).isEqualTo("2026-11-30");
        assertThatThrownBy(() -> ReportPeriod.of(ReportKind.RANGE, "2026-09-01", null, WEDNESDAY, ZONE))
                .isInstanceOf(ReportPeriod.Refused.class).hasMessageContaining("needs from and to");
        assertThatThrownBy(() -> ReportPeriod.of(ReportKind.RANGE, "2026-09-02", "2026-09-01", WEDNESDAY, ZONE))
                .hasMessageContaining("before");
        assertThatThrownBy(() -> ReportPeriod.of(ReportKind.RANGE, "2025-01-01", "2026-11-29", WEDNESDAY, ZONE))
                .hasMessageContaining("at most 366 days");
        assertThatThrownBy(() -> ReportPeriod.of(ReportKind.DAILY, "yesterday", null, WEDNESDAY, ZONE))
                .hasMessageContaining("from must be a date");
    }
}
