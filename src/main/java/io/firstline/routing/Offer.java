package io.firstline.routing;

import io.firstline.DomainModel;

import java.time.Instant;

/** A contact proposed to one agent, valid until {@code expiresAt} (exclusive). */
@DomainModel
public record Offer(String offerId, long agentId, WaitingContact contact, Instant offeredAt, Instant expiresAt) {

    /** At {@code expiresAt} the offer is already gone: accept and expiry must never both win. */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
