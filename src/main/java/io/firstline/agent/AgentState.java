package io.firstline.agent;

import io.firstline.DomainModel;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where an agent is in the working day; only AVAILABLE agents receive offers. */
@DomainModel
public enum AgentState {
    OFFLINE, AVAILABLE, BUSY, AFTER_CALL_WORK, BREAK, AWAY;

    /** The stored and API form: lower case with underscores, e.g. "after_call_work". */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Empty for an unknown or missing value: the caller decides whether that is bad input or a default. */
    public static Optional<AgentState> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(state -> state.wireName().equals(wireName)).findFirst();
    }
}
