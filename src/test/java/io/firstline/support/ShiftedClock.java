package io.firstline.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The system clock moved on by whatever a test says: hours pass for the app without anyone waiting for them. */
public final class ShiftedClock extends Clock {

    private final AtomicReference<Duration> offset;

    public ShiftedClock(Duration initialOffset) {
        this.offset = new AtomicReference<>(initialOffset);
    }

    public void advance(Duration by) {
        offset.updateAndGet(current -> current.plus(by));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }
}
