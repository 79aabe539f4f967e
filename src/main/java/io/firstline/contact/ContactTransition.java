package io.firstline.contact;

import io.firstline.DomainModel;

import java.util.Objects;

/** Outcome of asking a contact to move: business refusals are values, not exceptions. */
@DomainModel
public sealed interface ContactTransition {

    /** The contact after the attempt: the new state when applied, the untouched one when refused. */
    Contact contact();

    default boolean applied() {
        return this instanceof Applied;
    }

    record Applied(Contact contact, ContactEventKind event) implements ContactTransition {
        public Applied {
            Objects.requireNonNull(contact, "contact");
            Objects.requireNonNull(event, "event");
        }
    }

    record Refused(Contact contact, String reason) implements ContactTransition {
        public Refused {
            Objects.requireNonNull(contact, "contact");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
