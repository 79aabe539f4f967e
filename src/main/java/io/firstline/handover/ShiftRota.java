package io.firstline.handover;

import io.firstline.DomainModel;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.TreeSet;

/** The centre's shifts, e.g. 08:00–16:00–24:00: each starts at one of {@code starts} and ends at the next. */
@DomainModel
record ShiftRota(List<LocalTime> starts, ZoneId zone) {

    /** One shift: from its start (inclusive) to its end, the next shift's start. */
    record Shift(Instant start, Instant end) {
    }

    ShiftRota {
        if (starts == null || starts.isEmpty()) {
            throw new IllegalArgumentException("firstline.shifts.starts must list at least one start time");
        }
        starts = List.copyOf(new TreeSet<>(starts));
    }

    /** The shift under way at {@code now}. */
    Shift at(Instant now) {
        LocalDate today = now.atZone(zone).toLocalDate();
        Instant start = null;
        for (LocalDate day : List.of(today.minusDays(1), today)) {
            for (LocalTime time : starts) {
                Instant candidate = ZonedDateTime.of(day, time, zone).toInstant();
                if (!candidate.isAfter(now)) {
                    start = candidate;
                }
            }
        }
        return new Shift(start, next(start));
    }

    /** The start of the shift after the one starting at {@code start}. */
    Instant next(Instant start) {
        LocalDate day = start.atZone(zone).toLocalDate();
        for (LocalDate d : List.of(day, day.plusDays(1))) {
            for (LocalTime time : starts) {
                Instant candidate = ZonedDateTime.of(d, time, zone).toInstant();
                if (candidate.isAfter(start)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("no shift after " + start);
    }
}
