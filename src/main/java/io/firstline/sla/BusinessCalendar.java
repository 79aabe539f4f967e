package io.firstline.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A business calendar: time zone, weekly working days, public holidays, make-up working days (调休) and the
 * daily {@link WorkingHours}. Immutable; all methods are pure functions of their arguments.
 *
 * <h2>Which days are working days</h2>
 * A date is a working day when it is a make-up working day, or else when it is not a public holiday and its
 * weekday is one of the weekly working days. A date cannot be both a holiday and a make-up working day.
 *
 * <h2>The working-days convention (the one place it is defined)</h2>
 * A matter received at instant {@code t} has local date {@code D} (in this calendar's zone). "Due within
 * {@code N} working days" ({@code N ≥ 1}) means: <b>by the end of working hours of the N-th working day
 * strictly after {@code D}</b>. That is how a person in a Chinese service centre counts by hand:
 * <ul>
 *   <li>the day of receipt {@code D} never counts, even when it is a working day and the matter arrived
 *       before opening time;</li>
 *   <li>received on a non-working day (weekend, holiday), counting starts with the next working day;</li>
 *   <li>weekends and public holidays are skipped, make-up working days count;</li>
 *   <li>"end of working hours" is the closing time of the office-hours window (e.g. 18:00 for 09:00–18:00);
 *       for a 24-hour calendar it is the following midnight, i.e. {@code (W+1) 00:00} local, the instant just
 *       after {@code W 23:59:59.999…}.</li>
 * </ul>
 * The due instant is the <em>breach</em> instant: work done strictly before it is on time; at the due instant
 * the deadline is breached. Example (Asia/Shanghai, Mon–Fri, 2026 data, office hours 09:00–18:00):
 * received Fri 2026-09-18 17:00 → 1 working day = Sun 2026-09-20 18:00 (a make-up working day), 3 working days =
 * Tue 2026-09-22 18:00, 7 working days = Tue 2026-09-29 18:00 (Fri 25 – Sun 27 is the Mid-Autumn holiday).
 *
 * <h2>Working time</h2>
 * Working time is the union of the windows {@code [opens, closes)} on working days. {@link #addWorkingHours}
 * returns the earliest instant at which the given amount of working time has passed since the start (so a start
 * outside working hours begins counting at the next opening, and a total that is used up exactly at a closing
 * time yields that closing time). {@link #workingTimeBetween} measures the working time between two instants;
 * the two are inverse: {@code workingTimeBetween(s, addWorkingHours(s, h)) == h}.
 *
 * <p>Holiday data is only known for the years in {@link #coveredYears()}; for other years only the weekly
 * pattern applies. Callers should alert when {@link #hasDataFor(LocalDate)} is false for a deadline date.
 */
public record BusinessCalendar(ZoneId zone, Set<DayOfWeek> workingWeekdays, Set<LocalDate> holidays,
                               Set<LocalDate> makeUpWorkdays, Set<Integer> coveredYears, WorkingHours hours) {

    /** Default zone of a workspace. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    /** Default weekly working days, Monday to Friday. */
    public static final Set<DayOfWeek> MONDAY_TO_FRIDAY = Set.copyOf(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));

    public BusinessCalendar {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(hours, "hours");
        workingWeekdays = Set.copyOf(workingWeekdays);
        holidays = Set.copyOf(holidays);
        makeUpWorkdays = Set.copyOf(makeUpWorkdays);
        coveredYears = Set.copyOf(coveredYears);
        if (workingWeekdays.isEmpty()) {
            throw new IllegalArgumentException("a business calendar needs at least one weekly working day");
        }
        Set<LocalDate> both = new HashSet<>(holidays);
        both.retainAll(makeUpWorkdays);
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("dates both holiday and make-up working day: " + both);
        }
    }

    /** A calendar from loaded holiday data. */
    public static BusinessCalendar of(ZoneId zone, Set<DayOfWeek> workingWeekdays, CalendarData data,
                                      WorkingHours hours) {
        return new BusinessCalendar(zone, workingWeekdays, data.holidayDates(), data.workdayDates(), data.years(),
                hours);
    }

    /** Mainland-China defaults: Asia/Shanghai, Monday to Friday, the given holiday data and hours. */
    public static BusinessCalendar china(CalendarData data, WorkingHours hours) {
        return of(DEFAULT_ZONE, MONDAY_TO_FRIDAY, data, hours);
    }

    public BusinessCalendar withHours(WorkingHours newHours) {
        return new BusinessCalendar(zone, workingWeekdays, holidays, makeUpWorkdays, coveredYears, newHours);
    }

    public BusinessCalendar withZone(ZoneId newZone) {
        return new BusinessCalendar(newZone, workingWeekdays, holidays, makeUpWorkdays, coveredYears, hours);
    }

    /** Whether holiday data was loaded for the year of {@code date}. */
    public boolean hasDataFor(LocalDate date) {
        return coveredYears.contains(date.getYear());
    }

    /**
     * The first date from {@code from} on whose year has no holiday data: working days counted from there on skip
     * weekends only. Covered years need not start at {@code from}'s year: an uncovered {@code from} is returned.
     */
    public LocalDate coveredUntil(LocalDate from) {
        LocalDate day = from;
        while (hasDataFor(day)) {
            day = LocalDate.of(day.getYear() + 1, 1, 1);
        }
        return day;
    }

    /** Whether every date from {@code start} to {@code end} (inclusive, in this zone) has holiday data. */
    public boolean hasDataBetween(Instant start, Instant end) {
        LocalDate last = localDate(end);
        return coveredUntil(localDate(start)).isAfter(last);
    }

    /** Make-up working day, else not a holiday and a weekly working day. */
    public boolean isWorkingDay(LocalDate date) {
        if (makeUpWorkdays.contains(date)) {
            return true;
        }
        return !holidays.contains(date) && workingWeekdays.contains(date.getDayOfWeek());
    }

    /** The first working day strictly after {@code date}. */
    public LocalDate nextWorkingDayAfter(LocalDate date) {
        LocalDate day = date.plusDays(1);
        while (!isWorkingDay(day)) {
            day = day.plusDays(1);
        }
        return day;
    }

    /** The local date of {@code instant} in this calendar's zone. */
    public LocalDate localDate(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    /** Opening instant of {@code date}'s working-hours window (whether or not the date is a working day). */
    public Instant openingOf(LocalDate date) {
        return hours.opens().equals(LocalTime.MIDNIGHT)
                ? date.atStartOfDay(zone).toInstant()
                : ZonedDateTime.of(date, hours.opens(), zone).toInstant();
    }

    /**
     * Closing instant of {@code date}'s working-hours window: the closing time, or the next midnight when the
     * window runs to the end of the day. This is the "end of working day" of the working-days convention.
     */
    public Instant closingOf(LocalDate date) {
        return hours.closesAtEndOfDay()
                ? date.plusDays(1).atStartOfDay(zone).toInstant()
                : ZonedDateTime.of(date, hours.closes(), zone).toInstant();
    }

    /** Whether {@code instant} lies inside working time. */
    public boolean isWorkingTime(Instant instant) {
        LocalDate date = localDate(instant);
        return isWorkingDay(date) && !instant.isBefore(openingOf(date)) && instant.isBefore(closingOf(date));
    }

    /**
     * Due instant of "within {@code days} working days" for a matter received at {@code start}: the end of
     * working hours of the {@code days}-th working day strictly after the local date of {@code start} (see the
     * class comment for the full convention).
     *
     * @param days at least 1
     * @throws IllegalArgumentException when {@code days < 1}
     */
    public Instant addWorkingDays(Instant start, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("working days must be at least 1, was " + days);
        }
        LocalDate day = localDate(start);
        for (int i = 0; i < days; i++) {
            day = nextWorkingDayAfter(day);
        }
        return closingOf(day);
    }

    /**
     * The earliest instant at which {@code amount} of working time has passed since {@code start}. Only time
     * inside working hours on working days counts; a start outside working hours begins at the next opening.
     * A zero amount returns {@code start}.
     *
     * @throws IllegalArgumentException when {@code amount} is negative
     */
    public Instant addWorkingHours(Instant start, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("working time must not be negative, was " + amount);
        }
        if (amount.isZero()) {
            return start;
        }
        Duration remaining = amount;
        LocalDate day = localDate(start);
        while (true) {
            if (isWorkingDay(day)) {
                Instant open = openingOf(day);
                Instant close = closingOf(day);
                Instant from = start.isAfter(open) ? start : open;
                if (from.isBefore(close)) {
                    Duration available = Duration.between(from, close);
                    if (remaining.compareTo(available) <= 0) {
                        return from.plus(remaining);
                    }
                    remaining = remaining.minus(available);
                }
            }
            day = day.plusDays(1);
        }
    }

    /** Plain elapsed time: {@code start + duration}, day and night, holidays included. */
    public Instant addHours(Instant start, Duration duration) {
        return start.plus(duration);
    }

    /**
     * Working time between {@code a} and {@code b}: the length of the working-time windows inside {@code [a, b)}.
     * Antisymmetric: negative when {@code b} is before {@code a}.
     */
    public Duration workingTimeBetween(Instant a, Instant b) {
        if (b.isBefore(a)) {
            return workingTimeBetween(b, a).negated();
        }
        Duration total = Duration.ZERO;
        LocalDate last = localDate(b);
        for (LocalDate day = localDate(a); !day.isAfter(last); day = day.plusDays(1)) {
            if (!isWorkingDay(day)) {
                continue;
            }
            Instant open = openingOf(day);
            Instant close = closingOf(day);
            Instant from = a.isAfter(open) ? a : open;
            Instant to = b.isBefore(close) ? b : close;
            if (from.isBefore(to)) {
                total = total.plus(Duration.between(from, to));
            }
        }
        return total;
    }
}
