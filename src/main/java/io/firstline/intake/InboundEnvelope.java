package io.firstline.intake;

import io.firstline.DomainModel;

import java.time.Instant;
import java.util.Objects;
import io.firstline.contact.Channel;

/**
 * One inbound message, normalised from whatever its channel sent.
 *
 * @param externalId      the provider's id for this message; with the channel it identifies it exactly once
 * @param conversationKey keeps one conversation in order (same lane, same partition)
 * @param customerHandle  the customer's identity on this channel (visitor id, phone number, address, openid)
 */
@DomainModel
public record InboundEnvelope(Channel channel, String account, String externalId, String conversationKey,
                              String customerHandle, String customerName, String text, Instant receivedAt) {

    public InboundEnvelope {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(conversationKey, "conversationKey");
        Objects.requireNonNull(customerHandle, "customerHandle");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** The name to show for the customer: the one they gave, or their handle. */
    public String displayName() {
        return customerName == null || customerName.isBlank() ? customerHandle : customerName;
    }
}
