package io.firstline.contact;

import io.firstline.kernel.AddressedEvent;
import java.util.List;

/** A message (the customer's, or an internal note) joined a contact that these agents answer for. */
public record MessageReceived(long contactId, List<Long> recipients) implements AddressedEvent {

    public MessageReceived {
        recipients = List.copyOf(recipients);
    }
}
