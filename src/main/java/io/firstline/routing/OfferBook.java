package io.firstline.routing;

import io.firstline.DomainModel;

import io.firstline.kernel.Channel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/** Outstanding offers by id, by agent (oldest first), by contact and by deadline, and the load they put on agents. */
@DomainModel
final class OfferBook {

    /** {@code sequence} is the offer order, which breaks ties between equal deadlines. */
    private record Booked(Offer offer, long sequence) {
    }

    private static final Comparator<Booked> BY_DEADLINE =
            Comparator.comparing((Booked booked) -> booked.offer.expiresAt()).thenComparingLong(Booked::sequence);
    private static final int ENDED_OFFERS_REMEMBERED = 10_000;

    private final Map<String, Booked> byId = new HashMap<>();
    /** LinkedHashMap per agent: insertion order = offer order. */
    private final Map<Long, Map<String, Offer>> byAgent = new HashMap<>();
    private final Map<Long, String> byContact = new HashMap<>();
    private final NavigableSet<Booked> byDeadline = new TreeSet<>(BY_DEADLINE);
    private final Map<Long, Map<Channel, Integer>> offeredLoad = new HashMap<>();
    /**
     * Agent of each recently ended offer (answered, expired or revoked), so a late accept is told the offer
     * is over rather than unknown. Bounded: the oldest entries go first.
     */
    private final Map<String, Long> ended = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > ENDED_OFFERS_REMEMBERED;
        }
    };
    private long nextSequence;

    void add(Offer offer) {
        Booked booked = new Booked(offer, nextSequence++);
        byId.put(offer.offerId(), booked);
        byAgent.computeIfAbsent(offer.agentId(), id -> new LinkedHashMap<>()).put(offer.offerId(), offer);
        byContact.put(offer.contact().contactId(), offer.offerId());
        byDeadline.add(booked);
        offeredLoad.computeIfAbsent(offer.agentId(), id -> new EnumMap<>(Channel.class))
                .merge(offer.contact().channel(), 1, Integer::sum);
    }

    /** The offer is over; must be outstanding. */
    Offer remove(String offerId) {
        Booked booked = byId.remove(offerId);
        Offer offer = booked.offer;
        Map<String, Offer> ofAgent = byAgent.get(offer.agentId());
        ofAgent.remove(offerId);
        if (ofAgent.isEmpty()) {
            byAgent.remove(offer.agentId());
        }
        byContact.remove(offer.contact().contactId());
        byDeadline.remove(booked);
        offeredLoad.get(offer.agentId()).merge(offer.contact().channel(), -1, Integer::sum);
        ended.put(offerId, offer.agentId());
        return offer;
    }

    Offer get(String offerId) {
        Booked booked = byId.get(offerId);
        return booked == null ? null : booked.offer;
    }

    boolean contains(String offerId) {
        return byId.containsKey(offerId);
    }

    Offer forContact(long contactId) {
        String offerId = byContact.get(contactId);
        return offerId == null ? null : byId.get(offerId).offer;
    }

    /** Oldest first. */
    List<Offer> of(long agentId) {
        Map<String, Offer> ofAgent = byAgent.get(agentId);
        return ofAgent == null ? List.of() : List.copyOf(ofAgent.values());
    }

    int offeredTo(long agentId, Channel channel) {
        Map<Channel, Integer> load = offeredLoad.get(agentId);
        return load == null ? 0 : load.getOrDefault(channel, 0);
    }

    /** The agent of a recently ended offer; null if unknown or long forgotten. */
    Long endedFor(String offerId) {
        return ended.get(offerId);
    }

    /** The offers expired at {@code now}, in offer order; they stay outstanding until removed. */
    List<Offer> dueAt(Instant now) {
        List<Booked> due = new ArrayList<>();
        for (Booked booked : byDeadline) {
            if (!booked.offer.isExpiredAt(now)) {
                break;
            }
            due.add(booked);
        }
        due.sort(Comparator.comparingLong(Booked::sequence));
        return due.stream().map(Booked::offer).toList();
    }
}
