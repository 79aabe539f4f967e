package io.firstline.channel;

/** The provider accepted the reply; {@code externalId} is its id for it (stored as the message's external id). */
public record OutboundReceipt(String externalId) {
}
