package io.firstline.sla;

import java.time.Instant;

/**
 * A computed deadline of one contact.
 *
 * @param name   the policy's deadline name ({@code reply}, {@code resolve}, ...)
 * @param dueAt  the breach instant: done strictly before it is on time
 * @param warnAt when the warning fraction (default 75 %) of the allowed time has elapsed; never after {@code dueAt}
 */
public record Deadline(String name, Instant dueAt, Instant warnAt) {

    /** Where a deadline stands at {@code now}, for a contact whose step is not yet done. */
    public enum State { ON_TRACK, AT_RISK, BREACHED }

    public State stateAt(Instant now) {
        if (!now.isBefore(dueAt)) {
            return State.BREACHED;
        }
        return now.isBefore(warnAt) ? State.ON_TRACK : State.AT_RISK;
    }
}
