package io.firstline.routing;

import io.firstline.DomainModel;

import io.firstline.agent.AgentState;
import io.firstline.kernel.Channel;
import io.firstline.routing.AvailableAgents.Place;
import io.firstline.routing.RoutingEvent.AgentStateChanged;
import io.firstline.routing.RoutingEvent.OfferMade;
import io.firstline.routing.RoutingEvent.OfferRevoked;
import io.firstline.routing.RoutingEvent.RevokeReason;
import io.firstline.routing.WaitingPools.Queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Supplier;

/**
 * Decides which agent is offered which waiting contact.
 *
 * <p>Pure and deterministic: time comes in as {@code now}, offer ids from the injected supplier, and every
 * call returns what happened as a {@link RoutingDecision} for the caller to make visible.
 * Not thread-safe by design: the caller runs it on one single-writer thread.
 *
 * <p>Every call that changes who is available, what waits or how loaded an agent is ends with a dispatch,
 * so nothing that could be offered is left waiting. {@link #tick} is still needed to expire offers and to
 * end preference holds, which happen by the clock alone.
 *
 * <p>State is indexed so that a call costs in proportion to what it changed, not to how many contacts wait
 * or how many agents are known: unoffered contacts wait per pool in serving order ({@code WaitingPools}),
 * agents with room are filed per pool longest idle first ({@code AvailableAgents}), offers are kept by agent
 * and by deadline ({@code OfferBook}). A dispatch only looks at the queues that may have become servable.
 */
@DomainModel
public final class Router {

    private static final Channel[] CHANNELS = Channel.values();

    private final RoutingSettings settings;
    private final Supplier<String> offerIds;

    private final Map<Long, RoutedAgent> agents = new HashMap<>();
    /** Accepted assignments per agent and channel; kept apart from registration so start-up may restore in any order. */
    private final Map<Long, Map<Channel, Integer>> assignments = new HashMap<>();
    private final WaitingPools waiting;
    private final AvailableAgents available = new AvailableAgents();
    private final OfferBook offers = new OfferBook();

    public Router(RoutingSettings settings, Supplier<String> offerIds) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.offerIds = Objects.requireNonNull(offerIds, "offerIds");
        this.waiting = new WaitingPools(settings.preferenceHold());
    }

    // ---- agents ------------------------------------------------------------------------------------------

    /**
     * Makes the agent known (OFFLINE) or updates the skills of a known one. Returns no events: without a
     * {@code now} no offer can be made, so new skills take effect at the next dispatch (at the latest the next tick).
     */
    public RoutingDecision registerAgent(AgentProfile profile) {
        Objects.requireNonNull(profile, "profile");
        RoutedAgent known = agents.get(profile.agentId());
        if (known == null) {
            agents.put(profile.agentId(), new RoutedAgent(profile));
        } else {
            known.profile = profile;
            refile(known);
        }
        return RoutingDecision.none();
    }

    /**
     * A change the agent (or a supervisor) asked for. Not echoed as {@link AgentStateChanged}: the caller knows it.
     * Unknown agents and changes to the current state do nothing.
     */
    public RoutingDecision changeState(long agentId, AgentState to, Instant now) {
        Objects.requireNonNull(to, "to");
        RoutedAgent agent = agents.get(agentId);
        if (agent == null || agent.state == to) {
            return RoutingDecision.none();
        }
        List<RoutingEvent> events = new ArrayList<>();
        AgentState from = agent.state;
        agent.state = to;
        if (from == AgentState.AVAILABLE) {
            revokeOffersOf(agentId, RevokeReason.AGENT_UNAVAILABLE, now, events);
        }
        if (to == AgentState.AVAILABLE) {
            // A fresh start: old misses no longer count, and the idle clock starts now.
            agent.missedInARow = 0;
            agent.idleSince = now;
        }
        refile(agent);
        dispatch(now, events);
        return new RoutingDecision(events);
    }

    /** OFFLINE for an agent the router does not know. */
    public AgentState stateOf(long agentId) {
        RoutedAgent agent = agents.get(agentId);
        return agent == null ? AgentState.OFFLINE : agent.state;
    }

    /** Start-up rebuild: counts an assignment that already exists in the agent's load. Does not dispatch. */
    public void restoreAssignment(long agentId, Channel channel) {
        Objects.requireNonNull(channel, "channel");
        assignmentsOf(agentId).merge(channel, 1, Integer::sum);
        refile(agentId);
    }

    /** A contact of this agent ended or was transferred away: one place on that channel is free again. */
    public RoutingDecision release(long agentId, Channel channel, Instant now) {
        Objects.requireNonNull(channel, "channel");
        Map<Channel, Integer> load = assignments.get(agentId);
        if (load != null) {
            load.computeIfPresent(channel, (c, count) -> count > 1 ? count - 1 : null);
            refile(agentId);
        }
        List<RoutingEvent> events = new ArrayList<>();
        dispatch(now, events);
        return new RoutingDecision(events);
    }

    /** Accepted assignments plus outstanding offers of the agent on the channel. */
    public int loadOf(long agentId, Channel channel) {
        Map<Channel, Integer> assigned = assignments.get(agentId);
        return (assigned == null ? 0 : assigned.getOrDefault(channel, 0)) + offers.offeredTo(agentId, channel);
    }

    // ---- contacts ----------------------------------------------------------------------------------------

    /** The contact waits for an agent. Idempotent: a contact already waiting (offered or not) is left as it is. */
    public RoutingDecision enqueue(WaitingContact contact, Instant now) {
        Objects.requireNonNull(contact, "contact");
        if (waiting.contains(contact.contactId())) {
            return RoutingDecision.none();
        }
        Objects.requireNonNull(now, "now");
        PoolKey key = PoolKey.of(contact, settings.capacity(contact.channel()));
        available.useOverride(key, agents::get);
        waiting.add(contact, key, now);
        List<RoutingEvent> events = new ArrayList<>();
        dispatch(now, events);
        return new RoutingDecision(events);
    }

    /** The contact no longer waits (e.g. taken by other means); its outstanding offer is revoked as TAKEN. */
    public RoutingDecision withdraw(long contactId, Instant now) {
        if (!waiting.contains(contactId)) {
            return RoutingDecision.none();
        }
        List<RoutingEvent> events = new ArrayList<>();
        Offer offer = offers.forContact(contactId);
        if (offer != null) {
            events.add(new OfferRevoked(removeOffer(offer.offerId()), RevokeReason.TAKEN));
        }
        waiting.remove(contactId);
        dispatch(now, events);
        return new RoutingDecision(events);
    }

    public int waitingCount() {
        return waiting.size();
    }

    public Optional<Offer> offer(String offerId) {
        return Optional.ofNullable(offers.get(offerId));
    }

    /** The agent's outstanding offers, oldest first (the console's snapshot). */
    public List<Offer> offersOf(long agentId) {
        return offers.of(agentId);
    }

    public Optional<Offer> offerForContact(long contactId) {
        return Optional.ofNullable(offers.forContact(contactId));
    }

    // ---- offers ------------------------------------------------------------------------------------------

    /**
     * The agent takes the offered contact. An offer that is due is expired here exactly as {@link #tick} would,
     * so the outcome does not depend on whether a tick happened to run first.
     */
    public AcceptOutcome accept(String offerId, long agentId, Instant now) {
        Offer offer = offers.get(offerId);
        if (offer == null) {
            Long endedFor = offers.endedFor(offerId);
            if (endedFor == null) {
                return new AcceptOutcome.Refused(AcceptOutcome.Reason.UNKNOWN_OFFER);
            }
            return new AcceptOutcome.Refused(endedFor == agentId ? AcceptOutcome.Reason.EXPIRED : AcceptOutcome.Reason.NOT_YOURS);
        }
        if (offer.agentId() != agentId) {
            return new AcceptOutcome.Refused(AcceptOutcome.Reason.NOT_YOURS);
        }
        if (offer.isExpiredAt(now)) {
            return new AcceptOutcome.Refused(AcceptOutcome.Reason.EXPIRED, tick(now));
        }
        removeOffer(offerId);
        waiting.remove(offer.contact().contactId());
        // The offer's place in the load becomes an assignment, so the load on that channel does not change.
        assignmentsOf(agentId).merge(offer.contact().channel(), 1, Integer::sum);
        RoutedAgent agent = agents.get(agentId);
        agent.missedInARow = 0;
        // Taking work puts the agent at the back of the longest-idle line.
        agent.idleSince = now;
        refile(agent);
        List<RoutingEvent> events = new ArrayList<>();
        dispatch(now, events);
        return new AcceptOutcome.Accepted(offer, new RoutingDecision(events));
    }

    /**
     * The agent declines; the contact goes to the next agent. Only the offer's own agent may reject
     * (anything else does nothing). A reject is an answer, so it is not a missed offer. A due offer
     * is expired instead, as in {@link #accept}.
     */
    public RoutingDecision reject(String offerId, long agentId, Instant now) {
        Offer offer = offers.get(offerId);
        if (offer == null || offer.agentId() != agentId) {
            return RoutingDecision.none();
        }
        if (offer.isExpiredAt(now)) {
            return tick(now);
        }
        List<RoutingEvent> events = new ArrayList<>();
        removeOffer(offerId);
        // Not back to the same agent at once: a client that rejects everything would otherwise loop.
        waiting.bar(offer.contact().contactId(), agentId, now.plus(settings.rejectBackoff()));
        backInQueueRefusedBy(offer, now);
        // An answer, even a no, shows the agent is at the desk: it ends a run of missed offers.
        agents.get(agentId).missedInARow = 0;
        events.add(new OfferRevoked(offer, RevokeReason.REJECTED));
        dispatch(now, events);
        return new RoutingDecision(events);
    }

    /**
     * Clock-driven work: expires due offers (each a miss for its agent; enough misses in a row set the agent
     * AWAY and revoke its other offers), then dispatches, which also hands out contacts whose preference hold ended.
     */
    public RoutingDecision tick(Instant now) {
        Objects.requireNonNull(now, "now");
        List<RoutingEvent> events = new ArrayList<>();
        for (Offer offer : offers.dueAt(now)) {
            // An earlier expiry in this loop may have sent the agent AWAY and revoked this offer already.
            if (offers.contains(offer.offerId())) {
                expire(offer, now, events);
            }
        }
        dispatch(now, events);
        return new RoutingDecision(events);
    }

    private void expire(Offer offer, Instant now, List<RoutingEvent> events) {
        removeOffer(offer.offerId());
        backInQueueRefusedBy(offer, now);
        events.add(new OfferRevoked(offer, RevokeReason.EXPIRED));
        RoutedAgent agent = agents.get(offer.agentId());
        agent.missedInARow++;
        if (agent.missedInARow >= settings.missedOffersBeforeAway() && agent.state == AgentState.AVAILABLE) {
            // Someone who does not answer is probably not at the desk: stop offering them work.
            agent.state = AgentState.AWAY;
            refile(agent);
            events.add(new AgentStateChanged(agent.agentId(), AgentState.AVAILABLE, AgentState.AWAY,
                    "missed " + agent.missedInARow + " offers in a row"));
            revokeOffersOf(agent.agentId(), RevokeReason.AGENT_UNAVAILABLE, now, events);
        }
    }

    // ---- dispatch ----------------------------------------------------------------------------------------

    /**
     * Offers every waiting contact without an offer, in serving order, to its best eligible agent.
     *
     * <p>Only queues that may have become servable since the last dispatch are looked at: every dispatch
     * serves each queue until it is empty or nobody can take from it, and offers only ever take room away, so
     * a queue nobody could serve stays that way for the rest of the dispatch. The queues are merged by their
     * first contact, which gives the same order as going through all waiting contacts in serving order.
     */
    private void dispatch(Instant now, List<RoutingEvent> events) {
        Objects.requireNonNull(now, "now");
        waiting.holdAt(now);
        waiting.unparkAt(now);
        PriorityQueue<Queue> servable = new PriorityQueue<>(SERVING_ORDER_OF_FIRST);
        for (Queue queue : waiting.takeMaybeServable()) {
            if (canServe(queue)) {
                servable.add(queue);
            }
        }
        while (!servable.isEmpty()) {
            Queue queue = servable.poll();
            // An offer made meanwhile may have taken the last room in this queue's pool.
            if (!canServe(queue)) {
                continue;
            }
            WaitingContact contact = queue.contacts.first();
            RoutedAgent agent = chooseAgent(queue, contact, now);
            if (agent == null) {
                waiting.park(contact.contactId(), now);
            } else {
                events.add(new OfferMade(makeOffer(contact, agent, now)));
            }
            if (canServe(queue)) {
                servable.add(queue);
            }
        }
    }

    private static final Comparator<Queue> SERVING_ORDER_OF_FIRST =
            Comparator.comparing(queue -> queue.contacts.first(), WaitingContact.SERVING_ORDER);

    /**
     * A pool is served by anyone with the skill and room; a held queue only by its agent, while that agent
     * has room. During the hold the contact waits only for the preferred agent, unless that agent already
     * missed or rejected it: then holding it for them would only bounce it back and forth.
     */
    private boolean canServe(Queue queue) {
        if (queue.contacts.isEmpty()) {
            return false;
        }
        if (queue.heldFor == null) {
            return !available.in(queue.key).isEmpty();
        }
        RoutedAgent preferred = agents.get(queue.heldFor);
        return preferred != null && available.isFiledUnder(preferred, queue.key);
    }

    /**
     * Longest idle first; someone who refused the contact only if nobody else could take it, so it is never stuck;
     * someone who rejected it within the back-off not at all. Null when only such agents have room.
     */
    private RoutedAgent chooseAgent(Queue queue, WaitingContact contact, Instant now) {
        if (queue.heldFor != null) {
            // Held only while the preferred agent has not refused it, so never barred.
            return agents.get(queue.heldFor);
        }
        WaitingPools.Waiting state = waiting.get(contact.contactId());
        Place chosen = null;
        Place fallback = null;
        for (Place place : available.in(queue.key)) {
            if (WaitingPools.isBarred(state, place.agentId(), now)) {
                continue;
            }
            if (!state.refusedBy.contains(place.agentId())) {
                chosen = place;
                break;
            }
            if (fallback == null) {
                fallback = place;
            }
        }
        Place place = chosen == null ? fallback : chosen;
        return place == null ? null : agents.get(place.agentId());
    }

    private Offer makeOffer(WaitingContact contact, RoutedAgent agent, Instant now) {
        Offer offer = new Offer(offerIds.get(), agent.agentId(), contact, now,
                now.plus(settings.offerTimeout(contact.channel())));
        offers.add(offer);
        waiting.offered(contact.contactId());
        refile(agent);
        return offer;
    }

    // ---- bookkeeping -------------------------------------------------------------------------------------

    private void revokeOffersOf(long agentId, RevokeReason reason, Instant now, List<RoutingEvent> events) {
        for (Offer offer : offers.of(agentId)) {
            removeOffer(offer.offerId());
            waiting.offerEnded(offer.contact().contactId(), now);
            events.add(new OfferRevoked(offer, reason));
        }
    }

    private Offer removeOffer(String offerId) {
        Offer offer = offers.remove(offerId);
        refile(offer.agentId());
        return offer;
    }

    /** The agent missed or rejected the contact, which waits again. */
    private void backInQueueRefusedBy(Offer offer, Instant now) {
        waiting.refusedBy(offer.contact().contactId(), offer.agentId());
        waiting.offerEnded(offer.contact().contactId(), now);
    }

    private void refile(long agentId) {
        RoutedAgent agent = agents.get(agentId);
        if (agent != null) {
            refile(agent);
        }
    }

    /** Files the agent under the pools it may serve now; call after any change of its state, skills, idle time or load. */
    private void refile(RoutedAgent agent) {
        Map<Channel, Integer> loadWithRoom = new EnumMap<>(Channel.class);
        if (agent.state == AgentState.AVAILABLE) {
            for (Channel channel : CHANNELS) {
                int load = loadOf(agent.agentId(), channel);
                if (load < settings.capacity(channel)) {
                    loadWithRoom.put(channel, load);
                }
            }
        }
        available.refresh(agent, loadWithRoom, key -> waiting.agentJoined(agent.agentId(), key));
    }

    private Map<Channel, Integer> assignmentsOf(long agentId) {
        return assignments.computeIfAbsent(agentId, id -> new EnumMap<>(Channel.class));
    }
}
