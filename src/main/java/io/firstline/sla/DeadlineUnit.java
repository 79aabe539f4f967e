package io.firstline.sla;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a deadline's amount is counted. */
public enum DeadlineUnit {
    /** Plain elapsed hours, day and night, holidays included ({@link BusinessCalendar#addHours}). */
    HOURS,
    /** Hours inside the calendar's working hours on working days ({@link BusinessCalendar#addWorkingHours}). */
    WORKING_HOURS,
    /** Working days by the hand-count convention of {@link BusinessCalendar#addWorkingDays}. */
    WORKING_DAYS;

    /** Parses {@code hours}, {@code working_hours}, {@code WORKING-DAYS}, ... (case and '-'/'_' insensitive). */
    public static Optional<DeadlineUnit> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(u -> u.name().equals(normalized)).findFirst();
    }
}
