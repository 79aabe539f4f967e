package io.firstline.console;

import java.util.LinkedHashMap;
import java.util.Map;
import io.firstline.routing.Offer;

/** The data of an {@code offer} frame, also used in the hello snapshot. */
final class OfferFrames {

    private OfferFrames() {
    }

    static Map<String, Object> offer(Offer offer) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("offerId", offer.offerId());
        data.put("contactId", offer.contact().contactId());
        data.put("channel", offer.contact().channel().wireName());
        data.put("expiresAt", offer.expiresAt());
        data.put("waitingSince", offer.contact().waitingSince());
        data.put("offeredAt", offer.offeredAt());
        data.put("customerName", offer.contact().customerName());
        data.put("text", offer.contact().text());
        data.put("deadlines", new java.util.TreeMap<>(offer.contact().deadlines()));
        return data;
    }
}
