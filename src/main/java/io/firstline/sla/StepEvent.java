package io.firstline.sla;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What happens on a contact that meets a deadline (a step of the closed loop is done). A deadline lists the events
 * that meet it ({@link DeadlineSpec#metBy()}); any deadline can also be met by hand, with a note.
 */
public enum StepEvent {
    /** An agent's reply reached the customer (the first one meets acknowledge and reply). */
    REPLY,
    /** The contact was resolved: every step before the resolution is done. */
    RESOLVE,
    /** The first responder's follow-up (回访) was recorded. */
    FOLLOW_UP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<StepEvent> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(e -> e.wireName().equals(wireName)).findFirst();
    }

    /**
     * The defaults by deadline name: {@code first_response}, {@code acknowledge} and {@code reply} are met by the
     * first reply (or the resolution); {@code feedback} by a reply or the follow-up; every other step (investigate,
     * resolve, ...) by the resolution, or by hand.
     */
    public static Set<StepEvent> defaultsFor(String deadlineName) {
        if (deadlineName == null) {
            return EnumSet.of(RESOLVE);
        }
        return switch (deadlineName) {
            case DeadlineSpec.FIRST_RESPONSE, DeadlineSpec.ACKNOWLEDGE, DeadlineSpec.REPLY -> EnumSet.of(REPLY, RESOLVE);
            case DeadlineSpec.FEEDBACK -> EnumSet.of(REPLY, FOLLOW_UP);
            default -> EnumSet.of(RESOLVE);
        };
    }
}
