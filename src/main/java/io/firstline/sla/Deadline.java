package io.firstline.sla;

import java.time.Instant;
import java.util.Set;

/**
 * A computed deadline of one contact.
 *
 * @param name   the policy's deadline name ({@code reply}, {@code resolve}, ...)
 * @param dueAt  the breach instant: done strictly before it is on time
 * @param warnAt when the warning fraction (default 75 %) of the allowed time has elapsed; never after {@code dueAt}
 * @param metBy  the events that meet it ({@link DeadlineSpec#metBy()})
 * @param withoutHolidayData counted in working time across days whose year has no holiday data: weekends were
 *                           skipped, holidays and make-up days could not be; say so instead of a silent answer
 */
public record Deadline(String name, Instant dueAt, Instant warnAt, Set<StepEvent> metBy, boolean withoutHolidayData) {

    public Deadline {
        metBy = metBy == null || metBy.isEmpty() ? StepEvent.defaultsFor(name) : Set.copyOf(metBy);
    }

    /** A deadline met by the default events for its name. */
    public Deadline(String name, Instant dueAt, Instant warnAt) {
        this(name, dueAt, warnAt, null, false);
    }

    /** A deadline counted with holiday data (or in elapsed hours, which need none). */
    public Deadline(String name, Instant dueAt, Instant warnAt, Set<StepEvent> metBy) {
        this(name, dueAt, warnAt, metBy, false);
    }

    /** Where a deadline stands at {@code now}, for a contact whose step is not yet done. */
    public enum State { ON_TRACK, AT_RISK, BREACHED }

    public State stateAt(Instant now) {
        if (!now.isBefore(dueAt)) {
            return State.BREACHED;
        }
        return now.isBefore(warnAt) ? State.ON_TRACK : State.AT_RISK;
    }
}
