package io.firstline.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringReader;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CalendarDataTest {

    @Test
    void shippedChina2026MatchesTheStateCouncilNotice() {
        CalendarData data = CalendarData.load(CalendarData.CHINA_2026);
        assertThat(data.years()).containsExactly(2026);
        assertThat(data.workdayDates()).containsExactly(
                LocalDate.of(2026, 1, 4), LocalDate.of(2026, 2, 14), LocalDate.of(2026, 2, 28),
                LocalDate.of(2026, 5, 9), LocalDate.of(2026, 9, 20), LocalDate.of(2026, 10, 10));
        assertThat(data.workdayDates()).allSatisfy(day ->
                assertThat(day.getDayOfWeek()).isIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
        assertThat(data.holidayDates()).hasSize(3 + 9 + 3 + 5 + 3 + 3 + 7)
                .containsAll(range("2026-01-01", "2026-01-03"))
                .containsAll(range("2026-02-15", "2026-02-23"))
                .containsAll(range("2026-04-04", "2026-04-06"))
                .containsAll(range("2026-05-01", "2026-05-05"))
                .containsAll(range("2026-06-19", "2026-06-21"))
                .containsAll(range("2026-09-25", "2026-09-27"))
                .containsAll(range("2026-10-01", "2026-10-07"));
        assertThat(data.holidays().get(LocalDate.of(2026, 10, 1))).contains("National Day");
    }

    @Test
    void parsesCommentsRangesAndLabels() {
        CalendarData data = CalendarData.parse(new StringReader("""
                # a comment
                year 2030

                2030-01-01 holiday New Year   # trailing comment
                2030-02-01..2030-02-03 holiday Festival
                2030-02-09 workday
                """));
        assertThat(data.holidayDates()).containsExactly(LocalDate.of(2030, 1, 1), LocalDate.of(2030, 2, 1),
                LocalDate.of(2030, 2, 2), LocalDate.of(2030, 2, 3));
        assertThat(data.holidays().get(LocalDate.of(2030, 1, 1))).isEqualTo("New Year");
        assertThat(data.workdays()).containsEntry(LocalDate.of(2030, 2, 9), "");
    }

    @Test
    void listsEveryBadLineWithItsNumber() {
        CalendarDataException error = catchThrowableOfType(CalendarDataException.class, () -> CalendarData.parse(new StringReader("""
                year 2030
                2030-13-01 holiday bad month
                2030-01-02 vacation wrong kind
                2030-01-05..2030-01-03 holiday backwards
                2031-01-01 holiday no year line
                2030-01-01 holiday
                2030-01-01 workday both
                year 20x0
                just-garbage
                """)));
        List<String> problems = error.problems();
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("line 2: bad date"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("line 3: kind must be 'holiday' or 'workday'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("line 4: range must run forwards"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("line 5: 2031-01-01 is in year 2031"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("line 7: 2030-01-01 already listed on line 6"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("line 8: expected 'year YYYY'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("line 9: expected 'YYYY-MM-DD"));
        assertThat(problems).hasSize(7);
        assertThat(error).hasMessageContaining("line 2:");
    }

    @Test
    void missingResourceIsAClearError() {
        assertThatThrownBy(() -> CalendarData.load("calendars/cn-1999.txt"))
                .isInstanceOf(CalendarDataException.class)
                .hasMessageContaining("calendars/cn-1999.txt").hasMessageContaining("not found");
    }

    @Test
    void yearsCombineButNotTwice() {
        CalendarData y2030 = CalendarData.parse(new StringReader("year 2030\n2030-01-01 holiday\n"));
        CalendarData y2031 = CalendarData.parse(new StringReader("year 2031\n2031-01-01 holiday\n"));
        assertThat(y2030.plus(y2031).years()).isEqualTo(Set.of(2030, 2031));
        assertThat(y2030.plus(y2031).holidayDates()).hasSize(2);
        assertThatThrownBy(() -> y2030.plus(y2030)).hasMessageContaining("2030");
    }

    private static List<LocalDate> range(String first, String last) {
        return LocalDate.parse(first).datesUntil(LocalDate.parse(last).plusDays(1)).toList();
    }
}
