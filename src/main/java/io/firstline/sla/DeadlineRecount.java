package io.firstline.sla;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * A pending deadline counted again after holiday data changed. The stored row keeps only the due instant, not what it
 * was counted from, so the recount first reproduces it: the spec counted from one of the candidate start instants on
 * the calendars that were in force ({@code before}) must give the stored due instant. Only then is it counted on the
 * calendars now in force ({@code after}); a deadline that cannot be reproduced (its policy changed since, say) is left
 * as it is rather than moved for a reason nobody asked for. Pure.
 */
public final class DeadlineRecount {

    private final DeadlineCalculator before;
    private final DeadlineCalculator after;

    public DeadlineRecount(DeadlineCalculator before, DeadlineCalculator after) {
        this.before = before;
        this.after = after;
    }

    /**
     * The deadline counted anew on the calendars now in force (in whole microseconds, as stored; it may be unchanged);
     * empty when it is counted in elapsed hours (no holiday data involved) or cannot be reproduced from any candidate.
     */
    public Optional<Deadline> recount(DeadlineSpec spec, Instant storedDueAt, List<Instant> candidateStarts) {
        if (spec.unit() == DeadlineUnit.HOURS) {
            return Optional.empty();
        }
        Instant stored = micros(storedDueAt);
        for (Instant start : candidateStarts) {
            if (start == null || !micros(before.deadline(spec, start).dueAt()).equals(stored)) {
                continue;
            }
            Deadline counted = after.deadline(spec, start);
            return Optional.of(new Deadline(counted.name(), micros(counted.dueAt()), micros(counted.warnAt()),
                    counted.metBy(), counted.withoutHolidayData()));
        }
        return Optional.empty();
    }

    /** PostgreSQL keeps whole microseconds. */
    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
