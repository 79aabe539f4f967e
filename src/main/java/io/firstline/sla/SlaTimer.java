package io.firstline.sla;

import java.time.Instant;

/** One pending SLA moment of a contact: the warning or the breach of one named deadline. */
public record SlaTimer(long contactId, String deadline, Kind kind, Instant at) {

    /** A warning before the deadline, its breach, and the second-level escalation some time after a breach. */
    public enum Kind { WARNING, BREACH, ESCALATION }
}
