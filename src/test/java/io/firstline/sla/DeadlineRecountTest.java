package io.firstline.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A complaint's deadline counted again once the year it reaches into has holiday data. */
class DeadlineRecountTest {

    private static final Instant MONDAY_28_DECEMBER_10H = shanghai("2026-12-28T10:00:00");
    private static final DeadlineSpec RESOLVE = DeadlineSpec.of("resolve", 5, DeadlineUnit.WORKING_DAYS, CalendarKind.OFFICE_HOURS);

    private static Instant shanghai(String local) {
        return OffsetDateTime.parse(local + "+08:00").toInstant();
    }

    private final CalendarData only2026 = CalendarData.load("calendars/cn-2026.txt");
    private final CalendarYear fixture2027 = new CalendarYear(2027,
            List.of(new CalendarYear.Holiday("2027-01-01", "2027-01-03", "fixture holiday")),
            List.of(), "test fixture, not the State Council's arrangement");
    private final DeadlineCalculator before = new DeadlineCalculator(Calendars.china(only2026));
    private final DeadlineCalculator after = new DeadlineCalculator(Calendars.china(only2026.replacingYear(fixture2027.data())));
    private final DeadlineRecount recount = new DeadlineRecount(before, after);

    @Test
    void aDeadlineCountedWithoutTheYearsHolidaysMovesPastThemAndIsNoLongerFlagged() {
        Deadline counted = before.deadline(RESOLVE, MONDAY_28_DECEMBER_10H);
        // Weekends only: Tue 29 (1), Wed 30 (2), Thu 31 (3), Fri 1 Jan (4), Mon 4 Jan (5).
        assertThat(counted.dueAt()).isEqualTo(shanghai("2027-01-04T18:00:00"));
        assertThat(counted.withoutHolidayData()).isTrue();

        Deadline moved = recount.recount(RESOLVE, counted.dueAt(), List.of(MONDAY_28_DECEMBER_10H)).orElseThrow();

        assertThat(moved.dueAt()).isEqualTo(shanghai("2027-01-05T18:00:00"));
        assertThat(moved.withoutHolidayData()).isFalse();
    }

    @Test
    void theStartIsTheCandidateThatGivesTheStoredDueTime() {
        Instant reopened = shanghai("2026-12-29T15:00:00");
        Instant stored = before.deadline(RESOLVE, reopened).dueAt();

        Deadline moved = recount.recount(RESOLVE, stored, Arrays.asList(null, MONDAY_28_DECEMBER_10H, reopened)).orElseThrow();

        assertThat(moved).isEqualTo(after.deadline(RESOLVE, reopened));
    }

    @Test
    void aDeadlineThatCannotBeReproducedOrRunsInElapsedHoursStaysAsItIs() {
        Instant stored = before.deadline(RESOLVE, MONDAY_28_DECEMBER_10H).dueAt();
        DeadlineSpec longer = DeadlineSpec.of("resolve", 7, DeadlineUnit.WORKING_DAYS, CalendarKind.OFFICE_HOURS);

        assertThat(recount.recount(longer, stored, List.of(MONDAY_28_DECEMBER_10H))).as("policy changed since").isEmpty();
        assertThat(recount.recount(DeadlineSpec.hours("acknowledge", 24), MONDAY_28_DECEMBER_10H.plusSeconds(86_400),
                List.of(MONDAY_28_DECEMBER_10H))).isEmpty();
    }
}
