package io.firstline.intake;

import io.firstline.DomainModel;

/**
 * What became of an envelope: the contact it joined, and whether it had been seen before.
 * Both are {@code null} when the log acknowledged the envelope as durable before the core
 * processed it (Kafka mode): see {@link #queued()}.
 */
@DomainModel
public record IntakeOutcome(Long contactId, Boolean duplicate) {

    public IntakeOutcome(long contactId, boolean duplicate) {
        this(Long.valueOf(contactId), Boolean.valueOf(duplicate));
    }

    /** Durable in the log, not processed yet: the contact is not known at this point. */
    public static IntakeOutcome queued() {
        return new IntakeOutcome(null, null);
    }

    public boolean isQueued() {
        return contactId == null;
    }
}
