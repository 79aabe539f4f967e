package io.firstline.intake;

/** What became of an envelope: the contact it joined, and whether it had been seen before. */
public record IntakeOutcome(long contactId, boolean duplicate) {
}
