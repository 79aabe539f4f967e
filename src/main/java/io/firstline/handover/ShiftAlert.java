package io.firstline.handover;

import io.firstline.kernel.AddressedEvent;
import java.time.Instant;
import java.util.List;

/** A shift started with nobody on duty, or without a signed hand-over: the managers are told. */
public record ShiftAlert(Instant shiftStart, String reason, List<Long> recipients) implements AddressedEvent {

    public ShiftAlert {
        recipients = List.copyOf(recipients);
    }
}
