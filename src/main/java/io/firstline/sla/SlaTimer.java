package io.firstline.sla;

import java.time.Instant;

/** One pending SLA moment of a contact: the warning or the breach of one named deadline. */
public record SlaTimer(long contactId, String deadline, Kind kind, Instant at) {

    public enum Kind { WARNING, BREACH;

        public String wireName() {
            return this == WARNING ? "sla.warning" : "sla.breached";
        }
    }
}
