package io.firstline.channel.phone;

import io.firstline.DomainModel;

import java.util.Optional;

/** Where a call stands: ringing → queued → offered → answered → completed, or abandoned, or no answer. */
@DomainModel
public enum CallStatus {
    RINGING, QUEUED, OFFERED, ANSWERED, COMPLETED, ABANDONED, NO_ANSWER;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<CallStatus> fromWireName(String name) {
        for (CallStatus status : values()) {
            if (status.wireName().equals(name)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    public boolean terminal() {
        return this == COMPLETED || this == ABANDONED || this == NO_ANSWER;
    }

    /** Steps only move forward: an event that arrives late records its time but does not move the status back. */
    public int rank() {
        return terminal() ? 4 : ordinal();
    }

    /**
     * The status a Twilio {@code CallStatus} means for the caller's call, given whether an agent answered it.
     * {@code completed} before anyone answered is the caller hanging up: abandoned.
     */
    public static Optional<CallStatus> fromTwilio(String callStatus, boolean answered) {
        if (callStatus == null) {
            return Optional.empty();
        }
        return switch (callStatus) {
            case "queued", "ringing", "in-progress" -> Optional.of(RINGING);
            case "completed" -> Optional.of(answered ? COMPLETED : ABANDONED);
            case "canceled" -> Optional.of(ABANDONED);
            case "busy", "no-answer", "failed" -> Optional.of(NO_ANSWER);
            default -> Optional.empty();
        };
    }
}
