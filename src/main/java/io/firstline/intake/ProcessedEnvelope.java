package io.firstline.intake;

import java.util.List;
import java.util.Optional;
import io.firstline.contact.DeadlineView;
import io.firstline.routing.WaitingContact;

/**
 * The committed result of one envelope.
 *
 * @param toRoute     a contact that started waiting for an agent because of this envelope
 * @param assigneeId  the agent who holds the contact the message joined, to tell them
 * @param deadlines   the deadlines of a contact this envelope opened, to watch from now on
 * @param major       the new contact is a major matter, to escalate at once
 */
record ProcessedEnvelope(IntakeOutcome outcome, Optional<WaitingContact> toRoute, Optional<Long> assigneeId,
                                List<DeadlineView> deadlines, boolean major) {

    static ProcessedEnvelope duplicate(long contactId) {
        return new ProcessedEnvelope(new IntakeOutcome(contactId, true), Optional.empty(), Optional.empty(), List.of(), false);
    }

    static ProcessedEnvelope joined(long contactId, Optional<Long> assigneeId) {
        return new ProcessedEnvelope(new IntakeOutcome(contactId, false), Optional.empty(), assigneeId, List.of(), false);
    }
}
