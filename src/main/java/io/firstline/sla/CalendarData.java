package io.firstline.sla;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Public holidays and make-up working days (调休) of one or more years, as published by the authority, loaded
 * from a plain-text file (see {@code src/main/resources/calendars/README.md}). Immutable.
 *
 * <p>File format, one entry per line; {@code #} starts a comment; blank lines are ignored:
 * <pre>
 * year 2026                                  # the data for 2026 is complete (required for every year used)
 * 2026-01-01..2026-01-03 holiday New Year    # an inclusive range of holidays, with a label
 * 2026-01-04 workday New Year make-up day    # a single make-up working day (a Saturday/Sunday worked)
 * </pre>
 *
 * @param years    the years this data declares complete
 * @param holidays public holidays with their labels
 * @param workdays make-up working days with their labels
 */
public record CalendarData(Set<Integer> years, Map<LocalDate, String> holidays, Map<LocalDate, String> workdays) {

    /** Classpath location of the shipped mainland-China data. */
    public static final String CHINA_2026 = "calendars/cn-2026.txt";

    public CalendarData {
        years = Collections.unmodifiableSet(new TreeSet<>(years));
        holidays = Collections.unmodifiableMap(new TreeMap<>(holidays));
        workdays = Collections.unmodifiableMap(new TreeMap<>(workdays));
    }

    public static CalendarData empty() {
        return new CalendarData(Set.of(), Map.of(), Map.of());
    }

    public Set<LocalDate> holidayDates() {
        return holidays.keySet();
    }

    public Set<LocalDate> workdayDates() {
        return workdays.keySet();
    }

    /**
     * The union of this data and {@code other}.
     *
     * @throws IllegalArgumentException when both declare the same year
     */
    public CalendarData plus(CalendarData other) {
        Set<Integer> overlap = new HashSet<>(years);
        overlap.retainAll(other.years);
        if (!overlap.isEmpty()) {
            throw new IllegalArgumentException("calendar data declared twice for year(s) " + new TreeSet<>(overlap));
        }
        Set<Integer> allYears = new HashSet<>(years);
        allYears.addAll(other.years);
        Map<LocalDate, String> allHolidays = new HashMap<>(holidays);
        allHolidays.putAll(other.holidays);
        Map<LocalDate, String> allWorkdays = new HashMap<>(workdays);
        allWorkdays.putAll(other.workdays);
        return new CalendarData(allYears, allHolidays, allWorkdays);
    }

    /** This data with {@code year}'s entries replaced by {@code other}'s (which holds that one year only). */
    public CalendarData replacingYear(CalendarData other) {
        if (other.years.size() != 1) {
            throw new IllegalArgumentException("expected the data of one year, got " + other.years);
        }
        int year = other.years.iterator().next();
        Set<Integer> allYears = new HashSet<>(years);
        allYears.add(year);
        Map<LocalDate, String> allHolidays = new HashMap<>(holidays);
        allHolidays.keySet().removeIf(day -> day.getYear() == year);
        allHolidays.putAll(other.holidays);
        Map<LocalDate, String> allWorkdays = new HashMap<>(workdays);
        allWorkdays.keySet().removeIf(day -> day.getYear() == year);
        allWorkdays.putAll(other.workdays);
        return new CalendarData(allYears, allHolidays, allWorkdays);
    }

    /**
     * Loads classpath resources (e.g. {@link #CHINA_2026}, or {@code "calendars/cn-2026.txt",
     * "calendars/cn-2027.txt"}) and merges them.
     *
     * @throws CalendarDataException when a resource is missing or has bad lines (all of them are listed)
     */
    public static CalendarData load(String... resources) {
        CalendarData data = empty();
        for (String resource : resources) {
            data = data.plus(loadOne(resource));
        }
        return data;
    }

    private static CalendarData loadOne(String resource) {
        String path = resource.startsWith("/") ? resource.substring(1) : resource;
        InputStream in = CalendarData.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new CalendarDataException(resource, List.of("resource not found on the classpath"));
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return parse(reader, resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read calendar resource " + resource, e);
        }
    }

    /** Parses calendar text; see the class comment for the format. */
    public static CalendarData parse(Reader reader) {
        return parse(reader, "calendar data");
    }

    /**
     * Parses calendar text, naming {@code source} in errors.
     *
     * @throws CalendarDataException listing every bad line ("line N: problem: text")
     */
    public static CalendarData parse(Reader reader, String source) {
        List<String> problems = new ArrayList<>();
        Set<Integer> years = new HashSet<>();
        Map<LocalDate, String> holidays = new HashMap<>();
        Map<LocalDate, String> workdays = new HashMap<>();
        Map<LocalDate, Integer> lineOf = new HashMap<>();
        BufferedReader lines = new BufferedReader(reader);
        int number = 0;
        try {
            for (String raw = lines.readLine(); raw != null; raw = lines.readLine()) {
                number++;
                int hash = raw.indexOf('#');
                String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1).strip();
                }
                if (line.isEmpty()) {
                    continue;
                }
                String prefix = "line " + number + ": ";
                String[] parts = line.split("\\s+", 3);
                if (parts[0].equals("year")) {
                    if (parts.length != 2 || !parts[1].matches("\\d{4}")) {
                        problems.add(prefix + "expected 'year YYYY': " + raw.strip());
                    } else if (!years.add(Integer.parseInt(parts[1]))) {
                        problems.add(prefix + "year " + parts[1] + " declared twice");
                    }
                    continue;
                }
                if (parts.length < 2) {
                    problems.add(prefix + "expected 'YYYY-MM-DD[..YYYY-MM-DD] holiday|workday [label]': " + raw.strip());
                    continue;
                }
                String kind = parts[1];
                if (!kind.equals("holiday") && !kind.equals("workday")) {
                    problems.add(prefix + "kind must be 'holiday' or 'workday', was '" + kind + "': " + raw.strip());
                    continue;
                }
                LocalDate first;
                LocalDate last;
                try {
                    String[] range = parts[0].split("\\.\\.", -1);
                    if (range.length > 2) {
                        throw new DateTimeParseException("bad range", parts[0], 0);
                    }
                    first = LocalDate.parse(range[0]);
                    last = range.length == 2 ? LocalDate.parse(range[1]) : first;
                } catch (DateTimeParseException e) {
                    problems.add(prefix + "bad date or range '" + parts[0] + "' (expected YYYY-MM-DD or "
                            + "YYYY-MM-DD..YYYY-MM-DD): " + raw.strip());
                    continue;
                }
                if (last.isBefore(first) || first.plusDays(31).isBefore(last)) {
                    problems.add(prefix + "range must run forwards and span at most 32 days: " + raw.strip());
                    continue;
                }
                String label = parts.length == 3 ? parts[2].strip() : "";
                for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                    Integer previous = lineOf.putIfAbsent(day, number);
                    if (previous != null) {
                        problems.add(prefix + day + " already listed on line " + previous);
                        continue;
                    }
                    (kind.equals("holiday") ? holidays : workdays).put(day, label);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        new TreeMap<>(lineOf).forEach((day, line) -> {
            if (!years.contains(day.getYear())) {
                problems.add("line " + line + ": " + day + " is in year " + day.getYear()
                        + ", which has no 'year " + day.getYear() + "' line");
            }
        });
        if (!problems.isEmpty()) {
            throw new CalendarDataException(source, problems);
        }
        return new CalendarData(years, holidays, workdays);
    }
}
