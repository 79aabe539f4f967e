package io.firstline.sla;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One year's public holidays and make-up working days as an admin loads them (from the authority's notice, cited
 * in {@code source}). {@link #problems} lists everything wrong at once; a valid year becomes {@link CalendarData}.
 *
 * @param year     the year the data is complete for
 * @param holidays ranges of public holidays ({@code from}..{@code to}, inclusive, at most 32 days, inside the year)
 * @param workdays make-up working days (调休): Saturdays or Sundays that are worked, inside the year
 * @param source   where the dates come from (the notice's title or address)
 */
public record CalendarYear(Integer year, List<Holiday> holidays, List<Workday> workdays, String source) {

    public record Holiday(String from, String to, String label) {
    }

    public record Workday(String date, String label) {
    }

    public CalendarYear {
        holidays = holidays == null ? List.of() : new ArrayList<>(holidays);
        workdays = workdays == null ? List.of() : new ArrayList<>(workdays);
    }

    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (year == null || year < 2000 || year > 2100) {
            problems.add("year must be between 2000 and 2100");
            return problems;
        }
        if (source == null || source.isBlank() || source.length() > 500) {
            problems.add("source is required (the notice the dates come from), at most 500 characters");
        }
        if (holidays.isEmpty()) {
            problems.add("holidays must list at least one range");
        }
        Map<LocalDate, String> seen = new HashMap<>();
        for (int i = 0; i < holidays.size(); i++) {
            String where = "holidays[" + i + "]";
            Holiday holiday = holidays.get(i);
            if (holiday == null) {
                problems.add(where + " is empty");
                continue;
            }
            LocalDate from = date(holiday.from(), where + ".from", problems);
            LocalDate to = holiday.to() == null || holiday.to().isBlank() ? from : date(holiday.to(), where + ".to", problems);
            if (from == null || to == null) {
                continue;
            }
            if (to.isBefore(from) || from.plusDays(31).isBefore(to)) {
                problems.add(where + ": the range must run forwards and span at most 32 days");
                continue;
            }
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                check(day, where, seen, problems);
            }
        }
        for (int i = 0; i < workdays.size(); i++) {
            String where = "workdays[" + i + "]";
            Workday workday = workdays.get(i);
            LocalDate day = workday == null ? null : date(workday.date(), where + ".date", problems);
            if (day == null) {
                continue;
            }
            if (!Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY).contains(day.getDayOfWeek())) {
                problems.add(where + ": " + day + " is a " + day.getDayOfWeek().toString().toLowerCase()
                        + "; a make-up working day is a Saturday or Sunday that is worked");
            }
            check(day, where, seen, problems);
        }
        return problems;
    }

    /** The year as calendar data; only for a year without {@link #problems}. */
    public CalendarData data() {
        Map<LocalDate, String> holidayDays = new HashMap<>();
        for (Holiday holiday : holidays) {
            LocalDate from = LocalDate.parse(holiday.from().strip());
            LocalDate to = holiday.to() == null || holiday.to().isBlank() ? from : LocalDate.parse(holiday.to().strip());
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                holidayDays.put(day, label(holiday.label()));
            }
        }
        Map<LocalDate, String> workdayDays = new HashMap<>();
        workdays.forEach(workday -> workdayDays.put(LocalDate.parse(workday.date().strip()), label(workday.label())));
        return new CalendarData(Set.of(year), holidayDays, workdayDays);
    }

    private void check(LocalDate day, String where, Map<LocalDate, String> seen, List<String> problems) {
        if (day.getYear() != year) {
            problems.add(where + ": " + day + " is not in " + year);
            return;
        }
        String before = seen.putIfAbsent(day, where);
        if (before != null) {
            problems.add(where + ": " + day + " is already listed in " + before);
        }
    }

    private static LocalDate date(String text, String where, List<String> problems) {
        if (text == null || text.isBlank()) {
            problems.add(where + " is required (YYYY-MM-DD)");
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            problems.add(where + " must be a date YYYY-MM-DD, was '" + text + "'");
            return null;
        }
    }

    private static String label(String label) {
        return label == null ? "" : label.strip();
    }
}
