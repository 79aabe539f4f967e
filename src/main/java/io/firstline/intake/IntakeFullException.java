package io.firstline.intake;

import java.time.Duration;

/** The intake log is at its bound; the sender should retry after the given delay. */
public class IntakeFullException extends RuntimeException {

    private final Duration retryAfter;

    public IntakeFullException(Duration retryAfter) {
        super("intake is at capacity, retry in " + retryAfter.toSeconds() + " s");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
