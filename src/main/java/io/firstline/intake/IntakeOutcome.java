package io.firstline.intake;

import io.firstline.DomainModel;

/** What became of an envelope: the contact it joined, and whether it had been seen before. */
@DomainModel
public record IntakeOutcome(long contactId, boolean duplicate) {
}
