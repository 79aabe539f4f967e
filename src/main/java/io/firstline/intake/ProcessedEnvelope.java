package io.firstline.intake;

import java.util.Optional;
import io.firstline.routing.WaitingContact;

/**
 * The committed result of one envelope.
 *
 * @param toRoute     a contact that started waiting for an agent because of this envelope
 * @param assigneeId  the agent who holds the contact the message joined, to tell them
 */
public record ProcessedEnvelope(IntakeOutcome outcome, Optional<WaitingContact> toRoute, Optional<Long> assigneeId) {

    static ProcessedEnvelope duplicate(long contactId) {
        return new ProcessedEnvelope(new IntakeOutcome(contactId, true), Optional.empty(), Optional.empty());
    }
}
