package io.firstline.sla;

/** The outcome of asking for a deadline's approved extension. */
public sealed interface ExtensionResult {

    /** The deadline recomputed with its extended amount, from the original receipt instant. */
    record Extended(Deadline deadline) implements ExtensionResult {
    }

    /** The policy has no such deadline, or it cannot be extended. */
    record Refused(String reason) implements ExtensionResult {
    }
}
