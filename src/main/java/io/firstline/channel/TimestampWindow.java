package io.firstline.channel;

import io.firstline.DomainModel;

import java.time.Duration;
import java.time.Instant;

/**
 * How far a provider's timestamp (whole epoch seconds, as Standard Webhooks, Mailgun and WeChat send it) may be
 * from the server's time, either way, before a signed request counts as stale or replayed.
 */
@DomainModel
public final class TimestampWindow {

    private final Duration tolerance;

    public TimestampWindow(Duration tolerance) {
        this.tolerance = tolerance;
    }

    public Duration tolerance() {
        return tolerance;
    }

    /**
     * Whether {@code epochSeconds} (surrounding white space allowed) is at most the tolerance before or after
     * {@code now}; {@code false} when it is missing or not a whole number.
     */
    public boolean contains(String epochSeconds, Instant now) {
        if (epochSeconds == null) {
            return false;
        }
        try {
            long seconds = Long.parseLong(epochSeconds.trim());
            return Math.absExact(Math.subtractExact(now.getEpochSecond(), seconds)) <= tolerance.toSeconds();
        } catch (NumberFormatException | ArithmeticException e) {
            // Not a number, or so far from now that the distance does not fit in a long.
            return false;
        }
    }
}
