package io.firstline.sla;

import java.time.LocalTime;
import java.util.Objects;

/**
 * The daily window of working time on a working day, {@code [opens, closes)} in the calendar's time zone.
 * {@code closes == 00:00} means the window runs to the end of the day (the next midnight), so
 * {@link #ALL_DAY} ({@code 00:00–00:00}) is the full 24 hours and {@code 08:00–00:00} runs 08:00 to midnight.
 * A window never spans midnight.
 */
public record WorkingHours(LocalTime opens, LocalTime closes) {

    /** 24-hour working days (a hotline). */
    public static final WorkingHours ALL_DAY = new WorkingHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

    /** The default office hours, 09:00–18:00. */
    public static final WorkingHours OFFICE = new WorkingHours(LocalTime.of(9, 0), LocalTime.of(18, 0));

    public WorkingHours {
        Objects.requireNonNull(opens, "opens");
        Objects.requireNonNull(closes, "closes");
        if (!closesAtMidnight(closes) && !opens.isBefore(closes)) {
            throw new IllegalArgumentException("working hours must open before they close: " + opens + "–" + closes);
        }
    }

    public static WorkingHours of(LocalTime opens, LocalTime closes) {
        return new WorkingHours(opens, closes);
    }

    /** True when the window is the whole day. */
    public boolean allDay() {
        return opens.equals(LocalTime.MIDNIGHT) && closesAtMidnight(closes);
    }

    /** True when the window runs to the end of the day. */
    public boolean closesAtEndOfDay() {
        return closesAtMidnight(closes);
    }

    private static boolean closesAtMidnight(LocalTime closes) {
        return closes.equals(LocalTime.MIDNIGHT);
    }

    @Override
    public String toString() {
        return opens + "–" + (closesAtEndOfDay() ? "24:00" : closes.toString());
    }
}
