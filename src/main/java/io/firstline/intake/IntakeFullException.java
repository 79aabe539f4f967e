package io.firstline.intake;

import java.time.Duration;

/** The intake log cannot take the envelope now (at its bound, or its broker is unavailable); retry after the given delay. */
public class IntakeFullException extends RuntimeException {

    private final Duration retryAfter;

    public IntakeFullException(Duration retryAfter) {
        this("intake is at capacity, retry in " + retryAfter.toSeconds() + " s", retryAfter);
    }

    /** The log cannot make the envelope durable right now (e.g. its broker did not answer in time). */
    public IntakeFullException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
