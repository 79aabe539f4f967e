package io.firstline.routing;

import io.firstline.DomainModel;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The waiting contacts. Those without an offer sit in a {@link Queue} in serving order: the pool of their
 * {@link PoolKey}, or, while their preference hold lasts, a queue held for the preferred agent.
 * Queues that may have become servable since the last dispatch are remembered, so a dispatch looks only at them.
 */
@DomainModel
final class WaitingPools {

    /** Unoffered contacts in serving order that the same agents may take. */
    static final class Queue {
        final PoolKey key;
        /** The agent the contacts are held for; null for the pool everyone with the key's skill serves. */
        final Long heldFor;
        final NavigableSet<WaitingContact> contacts = new TreeSet<>(WaitingContact.SERVING_ORDER);

        private Queue(PoolKey key, Long heldFor) {
            this.key = key;
            this.heldFor = heldFor;
        }
    }

    /** One waiting contact and what routing remembers about it. */
    static final class Waiting {
        final WaitingContact contact;
        final PoolKey key;
        /** When the preference hold ends; null without a preferred agent. */
        final Instant holdEnd;
        /** Agents who missed or rejected the contact; skipped for it while someone else is eligible. */
        Set<Long> refusedBy = Set.of();
        /** Agents who rejected the contact, and until when it is not offered to them again. */
        Map<Long, Instant> barredUntil = Map.of();
        /** While no agent but barred ones could take it, the contact sits in no queue until then; null otherwise. */
        Instant parkedUntil;
        /** Where the contact sits while it has no offer; null while it has one or is parked. */
        Queue queue;

        private Waiting(WaitingContact contact, PoolKey key, Duration preferenceHold) {
            this.contact = contact;
            this.key = key;
            this.holdEnd = contact.preferredAgentId() == null ? null : contact.waitingSince().plus(preferenceHold);
        }

        /** Held while the hold lasts, unless the preferred agent already missed or rejected it. */
        private boolean mayBeHeld() {
            return holdEnd != null && !refusedBy.contains(contact.preferredAgentId());
        }
    }

    private static final Comparator<Waiting> BY_PARKED_UNTIL =
            Comparator.comparing((Waiting waiting) -> waiting.parkedUntil).thenComparingLong(waiting -> waiting.contact.contactId());

    private static final Comparator<Waiting> BY_HOLD_END =
            Comparator.comparing((Waiting waiting) -> waiting.holdEnd).thenComparingLong(waiting -> waiting.contact.contactId());

    private final Duration preferenceHold;
    private final Map<Long, Waiting> byContact = new HashMap<>();
    private final Map<PoolKey, Queue> pools = new HashMap<>();
    private final Map<Long, Map<PoolKey, Queue>> heldByAgent = new HashMap<>();
    /** Unoffered contacts held for their preferred agent, and those whose hold ended, by hold end. */
    private final NavigableSet<Waiting> holding = new TreeSet<>(BY_HOLD_END);
    private final NavigableSet<Waiting> holdOver = new TreeSet<>(BY_HOLD_END);
    private Set<Queue> maybeServable = new HashSet<>();
    /** Parked contacts by when their back-off ends, and by pool so that another agent joining frees them. */
    private final NavigableSet<Waiting> parked = new TreeSet<>(BY_PARKED_UNTIL);
    private final Map<PoolKey, Set<Waiting>> parkedByKey = new HashMap<>();
    private final Set<Waiting> toUnpark = new HashSet<>();

    WaitingPools(Duration preferenceHold) {
        this.preferenceHold = preferenceHold;
    }

    boolean contains(long contactId) {
        return byContact.containsKey(contactId);
    }

    int size() {
        return byContact.size();
    }

    Waiting get(long contactId) {
        return byContact.get(contactId);
    }

    void add(WaitingContact contact, PoolKey key, Instant now) {
        Waiting waiting = new Waiting(contact, key, preferenceHold);
        byContact.put(contact.contactId(), waiting);
        enqueue(waiting, now);
    }

    void remove(long contactId) {
        Waiting waiting = byContact.remove(contactId);
        if (waiting == null) {
            return;
        }
        // Unparked by an agent joining but not queued again yet: the next dispatch must not put it back.
        toUnpark.remove(waiting);
        if (waiting.parkedUntil != null) {
            leaveParking(waiting);
        } else if (waiting.queue != null) {
            dequeue(waiting);
        }
    }

    /** Only while the contact is offered: after its reject the agent is skipped for it until {@code until}. */
    void bar(long contactId, long agentId, Instant until) {
        Waiting waiting = byContact.get(contactId);
        Map<Long, Instant> barred = new HashMap<>(waiting.barredUntil);
        barred.put(agentId, until);
        waiting.barredUntil = barred;
    }

    static boolean isBarred(Waiting waiting, long agentId, Instant now) {
        Instant until = waiting.barredUntil.get(agentId);
        return until != null && now.isBefore(until);
    }

    /**
     * Nobody but agents it is barred for could take the contact: it leaves its queue (still waiting) until the
     * earliest of those bars ends, or until another agent gets room in its pool.
     */
    void park(long contactId, Instant now) {
        Waiting waiting = byContact.get(contactId);
        Instant until = null;
        for (Instant barred : waiting.barredUntil.values()) {
            if (now.isBefore(barred) && (until == null || barred.isBefore(until))) {
                until = barred;
            }
        }
        dequeue(waiting);
        waiting.parkedUntil = until;
        parked.add(waiting);
        parkedByKey.computeIfAbsent(waiting.key, key -> new HashSet<>()).add(waiting);
    }

    /** Puts back in their queue the parked contacts whose back-off ended or that another agent may now take. */
    void unparkAt(Instant now) {
        while (!parked.isEmpty() && !now.isBefore(parked.first().parkedUntil)) {
            Waiting waiting = parked.first();
            leaveParking(waiting);
            toUnpark.add(waiting);
        }
        for (Waiting waiting : toUnpark) {
            enqueue(waiting, now);
        }
        toUnpark.clear();
    }

    private void leaveParking(Waiting waiting) {
        parked.remove(waiting);
        Set<Waiting> inPool = parkedByKey.get(waiting.key);
        inPool.remove(waiting);
        if (inPool.isEmpty()) {
            parkedByKey.remove(waiting.key);
        }
        waiting.parkedUntil = null;
        toUnpark.remove(waiting);
    }

    /** The contact was offered: it leaves its queue until the offer ends. */
    void offered(long contactId) {
        dequeue(byContact.get(contactId));
    }

    /** The contact's offer ended without an accept; it waits again in serving order. */
    void offerEnded(long contactId, Instant now) {
        enqueue(byContact.get(contactId), now);
    }

    /** Only while the contact is offered, so it sits in no queue that the refusal could change. */
    void refusedBy(long contactId, long agentId) {
        Waiting waiting = byContact.get(contactId);
        Set<Long> refused = new HashSet<>(waiting.refusedBy);
        refused.add(agentId);
        waiting.refusedBy = refused;
    }

    /** Moves contacts between hold and pool so that exactly those with {@code now < holdEnd} are held. */
    void holdAt(Instant now) {
        while (!holding.isEmpty() && !now.isBefore(holding.first().holdEnd)) {
            Waiting waiting = holding.pollFirst();
            leaveQueue(waiting);
            holdOver.add(waiting);
            enter(pool(waiting.key), waiting);
        }
        while (!holdOver.isEmpty() && now.isBefore(holdOver.last().holdEnd)) {
            Waiting waiting = holdOver.pollLast();
            leaveQueue(waiting);
            holding.add(waiting);
            enter(heldQueue(waiting), waiting);
        }
    }

    /** An agent now has room in the pool: that pool and the agent's held queue for it may be servable. */
    void agentJoined(long agentId, PoolKey key) {
        Queue pool = pools.get(key);
        if (pool != null && !pool.contacts.isEmpty()) {
            maybeServable.add(pool);
        }
        Map<PoolKey, Queue> held = heldByAgent.get(agentId);
        Queue heldQueue = held == null ? null : held.get(key);
        if (heldQueue != null) {
            maybeServable.add(heldQueue);
        }
        Set<Waiting> parkedInPool = parkedByKey.get(key);
        if (parkedInPool != null) {
            for (Waiting waiting : List.copyOf(parkedInPool)) {
                if (!waiting.barredUntil.containsKey(agentId)) {
                    leaveParking(waiting);
                    toUnpark.add(waiting);
                }
            }
        }
    }

    /** The queues that may have become servable since the last call. */
    Set<Queue> takeMaybeServable() {
        Set<Queue> queues = maybeServable;
        maybeServable = new HashSet<>();
        return queues;
    }

    private void enqueue(Waiting waiting, Instant now) {
        if (waiting.mayBeHeld() && now.isBefore(waiting.holdEnd)) {
            holding.add(waiting);
            enter(heldQueue(waiting), waiting);
        } else {
            if (waiting.mayBeHeld()) {
                holdOver.add(waiting);
            }
            enter(pool(waiting.key), waiting);
        }
    }

    private void dequeue(Waiting waiting) {
        if (waiting.holdEnd != null) {
            holding.remove(waiting);
            holdOver.remove(waiting);
        }
        leaveQueue(waiting);
    }

    private void enter(Queue queue, Waiting waiting) {
        queue.contacts.add(waiting.contact);
        waiting.queue = queue;
        maybeServable.add(queue);
    }

    private void leaveQueue(Waiting waiting) {
        Queue queue = waiting.queue;
        queue.contacts.remove(waiting.contact);
        waiting.queue = null;
        if (queue.heldFor != null && queue.contacts.isEmpty()) {
            Map<PoolKey, Queue> held = heldByAgent.get(queue.heldFor);
            held.remove(queue.key);
            if (held.isEmpty()) {
                heldByAgent.remove(queue.heldFor);
            }
        }
    }

    private Queue pool(PoolKey key) {
        return pools.computeIfAbsent(key, k -> new Queue(k, null));
    }

    private Queue heldQueue(Waiting waiting) {
        Long agentId = waiting.contact.preferredAgentId();
        return heldByAgent.computeIfAbsent(agentId, id -> new HashMap<>())
                .computeIfAbsent(waiting.key, key -> new Queue(key, agentId));
    }
}
