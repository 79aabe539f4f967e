package io.firstline.sla;

import static io.firstline.sla.Cn2026.ALL_DAY;
import static io.firstline.sla.Cn2026.CALENDARS;
import static io.firstline.sla.Cn2026.DATA;
import static io.firstline.sla.Cn2026.OFFICE;
import static io.firstline.sla.Cn2026.SHANGHAI;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of the calendar arithmetic on the 2026 data (jqwik). Start instants are drawn from 2026-01-01 to
 * 2026-11-15 so that every result stays inside the year whose holidays are known.
 */
class BusinessCalendarPropertiesTest {

    private static final Instant FROM = LocalDate.of(2026, 1, 1).atStartOfDay(SHANGHAI).toInstant();
    private static final Instant TO = LocalDate.of(2026, 11, 15).atStartOfDay(SHANGHAI).toInstant();

    /**
     * An oracle independent of {@link BusinessCalendar}: the working days of 2026 listed straight from the rule
     * "Monday–Friday, minus holidays, plus make-up days" over the raw data.
     */
    private static final List<LocalDate> WORKING_DAYS_2026 = LocalDate.of(2026, 1, 1)
            .datesUntil(LocalDate.of(2027, 1, 1))
            .filter(day -> DATA.workdays().containsKey(day)
                    || (day.getDayOfWeek().getValue() <= DayOfWeek.FRIDAY.getValue() && !DATA.holidays().containsKey(day)))
            .toList();

    @Provide
    Arbitrary<Instant> instants() {
        // minute precision mixed with arbitrary seconds and nanos
        Arbitrary<Instant> byMinute = Arbitraries.longs().between(FROM.getEpochSecond() / 60, TO.getEpochSecond() / 60)
                .map(minute -> Instant.ofEpochSecond(minute * 60));
        Arbitrary<Instant> byNano = Arbitraries.longs().between(FROM.getEpochSecond(), TO.getEpochSecond())
                .flatMap(second -> Arbitraries.integers().between(0, 999_999_999)
                        .map(nano -> Instant.ofEpochSecond(second, nano)));
        return Arbitraries.oneOf(byMinute, byNano);
    }

    @Provide
    Arbitrary<Duration> workingAmounts() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 200).map(Duration::ofHours),
                Arbitraries.longs().between(0, 200L * 60).map(Duration::ofMinutes),
                Arbitraries.longs().between(0, 200L * 3600 * 1_000_000_000L).map(Duration::ofNanos));
    }

    @Provide
    Arbitrary<BusinessCalendar> calendars() {
        return Arbitraries.of(OFFICE, ALL_DAY);
    }

    @Property(tries = 400)
    void addWorkingDaysMatchesTheHandCountOracle(@ForAll("instants") Instant start, @ForAll @IntRange(min = 1, max = 20) int days) {
        LocalDate received = start.atZone(SHANGHAI).toLocalDate();
        LocalDate expectedDay = WORKING_DAYS_2026.stream().filter(day -> day.isAfter(received)).skip(days - 1)
                .findFirst().orElseThrow();
        assertThat(OFFICE.addWorkingDays(start, days))
                .isEqualTo(expectedDay.atTime(18, 0).atZone(SHANGHAI).toInstant());
        assertThat(ALL_DAY.addWorkingDays(start, days))
                .isEqualTo(expectedDay.plusDays(1).atStartOfDay(SHANGHAI).toInstant());
    }

    @Property(tries = 400)
    void addWorkingDaysLandsOnAWorkingDayAndSkipsEveryHoliday(@ForAll("calendars") BusinessCalendar calendar,
            @ForAll("instants") Instant start, @ForAll @IntRange(min = 1, max = 20) int days) {
        Instant due = calendar.addWorkingDays(start, days);
        LocalDate dueDay = due.minusNanos(1).atZone(SHANGHAI).toLocalDate();
        assertThat(calendar.isWorkingDay(dueDay)).isTrue();
        assertThat(due).isEqualTo(calendar.closingOf(dueDay)).isAfter(start);
        // exactly `days` working days in (received, dueDay]; no holiday among them; every make-up day counted
        LocalDate received = calendar.localDate(start);
        List<LocalDate> between = received.plusDays(1).datesUntil(dueDay.plusDays(1)).toList();
        assertThat(between.stream().filter(calendar::isWorkingDay).count()).isEqualTo(days);
        assertThat(between).filteredOn(DATA.holidays()::containsKey).noneMatch(calendar::isWorkingDay);
        assertThat(between).filteredOn(DATA.workdays()::containsKey).allMatch(calendar::isWorkingDay);
    }

    @Property(tries = 300)
    void addWorkingDaysIsStrictlyMonotonic(@ForAll("calendars") BusinessCalendar calendar, @ForAll("instants") Instant start,
            @ForAll @IntRange(min = 1, max = 19) int days) {
        assertThat(calendar.addWorkingDays(start, days + 1)).isAfter(calendar.addWorkingDays(start, days));
    }

    @Property(tries = 300)
    void addWorkingDaysIsMonotonicInTheStart(@ForAll("calendars") BusinessCalendar calendar, @ForAll("instants") Instant a,
            @ForAll("instants") Instant b, @ForAll @IntRange(min = 1, max = 10) int days) {
        Instant earlier = a.isBefore(b) ? a : b;
        Instant later = a.isBefore(b) ? b : a;
        assertThat(calendar.addWorkingDays(earlier, days)).isBeforeOrEqualTo(calendar.addWorkingDays(later, days));
    }

    @Property(tries = 500)
    void workingTimeBetweenInvertsAddWorkingHours(@ForAll("calendars") BusinessCalendar calendar,
            @ForAll("instants") Instant start, @ForAll("workingAmounts") Duration amount) {
        Instant end = calendar.addWorkingHours(start, amount);
        assertThat(calendar.workingTimeBetween(start, end)).isEqualTo(amount);
        assertThat(Duration.between(start, end)).isGreaterThanOrEqualTo(amount);
        if (!amount.isZero()) {
            // the earliest such instant: the last nanosecond before it was working time
            assertThat(calendar.isWorkingTime(end.minusNanos(1))).isTrue();
        }
    }

    @Property(tries = 300)
    void addWorkingHoursIsMonotonic(@ForAll("calendars") BusinessCalendar calendar, @ForAll("instants") Instant start,
            @ForAll("workingAmounts") Duration a, @ForAll("workingAmounts") Duration b) {
        Duration smaller = a.compareTo(b) <= 0 ? a : b;
        Duration larger = a.compareTo(b) <= 0 ? b : a;
        assertThat(calendar.addWorkingHours(start, smaller)).isBeforeOrEqualTo(calendar.addWorkingHours(start, larger));
    }

    @Property(tries = 300)
    void workingTimeIsAdditiveAntisymmetricAndBoundedByElapsed(@ForAll("calendars") BusinessCalendar calendar,
            @ForAll("instants") Instant x, @ForAll("instants") Instant y, @ForAll("instants") Instant z) {
        List<Instant> sorted = java.util.stream.Stream.of(x, y, z).sorted().toList();
        Instant a = sorted.get(0);
        Instant b = sorted.get(1);
        Instant c = sorted.get(2);
        assertThat(calendar.workingTimeBetween(a, c))
                .isEqualTo(calendar.workingTimeBetween(a, b).plus(calendar.workingTimeBetween(b, c)));
        assertThat(calendar.workingTimeBetween(c, a)).isEqualTo(calendar.workingTimeBetween(a, c).negated());
        assertThat(calendar.workingTimeBetween(a, c)).isBetween(Duration.ZERO, Duration.between(a, c));
    }

    @Property(tries = 300)
    void holidaysAndWeekendsHoldNoWorkingTime(@ForAll("calendars") BusinessCalendar calendar, @ForAll("instants") Instant start) {
        LocalDate day = calendar.localDate(start);
        Duration wholeDay = calendar.workingTimeBetween(day.atStartOfDay(SHANGHAI).toInstant(),
                day.plusDays(1).atStartOfDay(SHANGHAI).toInstant());
        Duration expected = calendar.isWorkingDay(day)
                ? Duration.between(calendar.openingOf(day), calendar.closingOf(day)) : Duration.ZERO;
        assertThat(wholeDay).isEqualTo(expected);
        assertThat(calendar.isWorkingDay(day)).isEqualTo(WORKING_DAYS_2026.contains(day));
    }

    @Property(tries = 300)
    void deadlinesWarnBeforeTheyFall(@ForAll("instants") Instant received, @ForAll("policyTypes") ContactType type) {
        SlaPolicies policies = SlaPolicies.defaults();
        SlaPolicy policy = policies.find(type, Severity.NORMAL, null, type == ContactType.REPAIR ? RepairClass.SMALL : null).orElseThrow();
        for (Deadline deadline : new DeadlineCalculator(CALENDARS).deadlines(policy, received)) {
            assertThat(deadline.warnAt()).isAfter(received).isBefore(deadline.dueAt());
        }
    }

    @Provide
    Arbitrary<ContactType> policyTypes() {
        return Arbitraries.of(ContactType.class);
    }
}
