package io.firstline.intake;

import io.firstline.DomainModel;

import java.time.Instant;
import java.util.Objects;
import io.firstline.kernel.Channel;
import io.firstline.kernel.StorableText;

/**
 * One inbound message, normalised from whatever its channel sent.
 *
 * @param externalId      the provider's id for this message; with the channel it identifies it exactly once
 * @param conversationKey keeps one conversation in order (same lane, same partition)
 * @param customerHandle  the customer's identity on this channel (visitor id, phone number, address, openid)
 * @param threadContactId the contact this message answers, when the channel proved it (e-mail: a reply to one of
 *                        its messages or a signed plus-address token); joined if still open. Null otherwise
 * @param typeHint        the contact type the channel already knows (a chat form's category, an IVR choice):
 *                        {@code complaint}, {@code repair}, ...; null to classify by the customer's words
 */
@DomainModel
public record InboundEnvelope(Channel channel, String account, String externalId, String conversationKey,
                              String customerHandle, String customerName, String text, Instant receivedAt,
                              Long threadContactId, String typeHint) {

    public InboundEnvelope {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(conversationKey, "conversationKey");
        Objects.requireNonNull(customerHandle, "customerHandle");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(receivedAt, "receivedAt");
        // What PostgreSQL cannot store is refused here, before the log takes it: a permanent failure, never retried.
        StorableText.require("externalId", externalId);
        StorableText.require("conversationKey", conversationKey);
        StorableText.require("customerHandle", customerHandle);
        StorableText.require("customerName", customerName);
        StorableText.require("text", text);
        StorableText.require("typeHint", typeHint);
    }

    public InboundEnvelope(Channel channel, String account, String externalId, String conversationKey,
                           String customerHandle, String customerName, String text, Instant receivedAt,
                           Long threadContactId) {
        this(channel, account, externalId, conversationKey, customerHandle, customerName, text, receivedAt,
                threadContactId, null);
    }

    /** A message that names no contact of its own: it joins the customer's open contact, if any. */
    public InboundEnvelope(Channel channel, String account, String externalId, String conversationKey,
                           String customerHandle, String customerName, String text, Instant receivedAt) {
        this(channel, account, externalId, conversationKey, customerHandle, customerName, text, receivedAt, null, null);
    }

    /** The name to show for the customer: the one they gave, or their handle. */
    public String displayName() {
        return customerName == null || customerName.isBlank() ? customerHandle : customerName;
    }
}
