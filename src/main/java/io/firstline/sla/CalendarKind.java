package io.firstline.sla;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Which of the workspace's two business calendars a deadline runs on (see {@link Calendars}). */
public enum CalendarKind {
    /** The 24-hour hotline calendar: whole working days count (00:00–24:00). */
    ALL_DAY,
    /** Office hours (default 09:00–18:00) for back-office steps. */
    OFFICE_HOURS;

    public static Optional<CalendarKind> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(k -> k.name().equals(normalized)).findFirst();
    }
}
