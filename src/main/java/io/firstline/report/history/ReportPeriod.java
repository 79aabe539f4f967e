package io.firstline.report.history;

import io.firstline.DomainModel;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * The days a report covers, {@code from} inclusive to {@code to} exclusive, in the workspace's time zone: a day
 * starts at local midnight, a week on Monday, a month on its first. Without dates a report covers the last complete
 * period before {@code today} (yesterday, last week, last month).
 */
@DomainModel
public record ReportPeriod(ReportKind kind, LocalDate from, LocalDate to, ZoneId zone) {

    public static final int MAX_RANGE_DAYS = 366;

    /** The period, or a {@link Refused} saying what is wrong with the parameters. */
    public static ReportPeriod of(ReportKind kind, String fromParam, String toParam, LocalDate today, ZoneId zone) {
        LocalDate from;
        switch (kind) {
            case DAILY -> {
                from = fromParam == null ? today.minusDays(1) : date(fromParam, "from");
                return new ReportPeriod(kind, from, from.plusDays(1), zone);
            }
            case WEEKLY -> {
                LocalDate any = fromParam == null ? today.minusWeeks(1) : date(fromParam, "from");
                from = any.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                return new ReportPeriod(kind, from, from.plusWeeks(1), zone);
            }
            case MONTHLY -> {
                YearMonth month = fromParam == null ? YearMonth.from(today).minusMonths(1) : month(fromParam);
                return new ReportPeriod(kind, month.atDay(1), month.plusMonths(1).atDay(1), zone);
            }
            default -> {
                if (fromParam == null || toParam == null) {
                    throw new Refused("a range needs from and to (dates, to inclusive), e.g. from=2026-09-01&to=2026-11-29");
                }
                from = date(fromParam, "from");
                LocalDate last = date(toParam, "to");
                if (last.isBefore(from)) {
                    throw new Refused("to (" + last + ") is before from (" + from + ")");
                }
                if (ChronoUnit.DAYS.between(from, last) + 1 > MAX_RANGE_DAYS) {
                    throw new Refused("a range covers at most " + MAX_RANGE_DAYS + " days");
                }
                return new ReportPeriod(kind, from, last.plusDays(1), zone);
            }
        }
    }

    public Instant start() {
        return from.atStartOfDay(zone).toInstant();
    }

    public Instant end() {
        return to.atStartOfDay(zone).toInstant();
    }

    /** The last day covered (inclusive). */
    public LocalDate lastDay() {
        return to.minusDays(1);
    }

    private static LocalDate date(String text, String name) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new Refused(name + " must be a date like 2026-11-23, not '" + text + "'");
        }
    }

    private static YearMonth month(String text) {
        try {
            return text.length() == 7 ? YearMonth.parse(text) : YearMonth.from(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            throw new Refused("from must be a month like 2026-11 (or a date in it), not '" + text + "'");
        }
    }

    /** The parameters do not make a period. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }
}
