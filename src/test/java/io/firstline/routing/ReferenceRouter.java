package io.firstline.routing;

import io.firstline.DomainModel;

import io.firstline.agent.AgentState;
import io.firstline.kernel.Channel;
import io.firstline.routing.RoutingEvent.AgentStateChanged;
import io.firstline.routing.RoutingEvent.OfferMade;
import io.firstline.routing.RoutingEvent.OfferRevoked;
import io.firstline.routing.RoutingEvent.RevokeReason;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The simple O(W·A) reference model of {@link Router}: a verbatim copy of the router before its state was
 * indexed (every decision re-sorts all waiting contacts and scans all agents). Kept as the model that
 * {@code RouterMatchesReferenceModelPropertiesTest} checks the router against and as the same-run baseline of the
 * router benchmark; keep it simple, do not optimise it.
 *
 * <p>Decides which agent is offered which waiting contact.
 *
 * <p>Pure and deterministic: time comes in as {@code now}, offer ids from the injected supplier, and every
 * call returns what happened as a {@link RoutingDecision} for the caller to make visible.
 * Not thread-safe by design: the caller runs it on one single-writer thread.
 *
 * <p>Every call that changes who is available, what waits or how loaded an agent is ends with a dispatch,
 * so nothing that could be offered is left waiting. {@link #tick} is still needed to expire offers and to
 * end preference holds, which happen by the clock alone.
 */
@DomainModel
public final class ReferenceRouter {

    private final RoutingSettings settings;
    private final Supplier<String> offerIds;

    /** TreeMap: iteration by agent id keeps every tie-break deterministic. */
    private final Map<Long, RoutedAgent> agents = new TreeMap<>();
    /** Accepted assignments per agent and channel; kept apart from registration so start-up may restore in any order. */
    private final Map<Long, Map<Channel, Integer>> assignments = new HashMap<>();
    private final Map<Long, WaitingContact> waiting = new HashMap<>();
    /** Agents who missed or rejected a waiting contact; skipped for it while someone else is eligible. */
    private final Map<Long, Set<Long>> refusedBy = new HashMap<>();
    /** Per waiting contact: agents who rejected it and until when they are skipped for it. */
    private final Map<Long, Map<Long, Instant>> barredUntil = new HashMap<>();
    /** Insertion order = offer order, so expiries are processed in a stable order. */
    private final Map<String, Offer> offers = new LinkedHashMap<>();
    private final Map<Long, String> offerIdByContact = new HashMap<>();
    /** Outstanding offers per agent and channel, kept with {@link #offers} so a load check does not scan them. */
    private final Map<Long, Map<Channel, Integer>> offeredLoad = new HashMap<>();
    /**
     * Agent of each recently ended offer (answered, expired or revoked), so a late accept is told the offer
     * is over rather than unknown. Bounded: the oldest entries go first.
     */
    private final Map<String, Long> endedOffers = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > ENDED_OFFERS_REMEMBERED;
        }
    };
    private static final int ENDED_OFFERS_REMEMBERED = 10_000;

    public ReferenceRouter(RoutingSettings settings, Supplier<String> offerIds) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.offerIds = Objects.requireNonNull(offerIds, "offerIds");
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
            revokeOffersOf(agentId, RevokeReason.AGENT_UNAVAILABLE, events);
        }
        if (to == AgentState.AVAILABLE) {
            // A fresh start: old misses no longer count, and the idle clock starts now.
            agent.missedInARow = 0;
            agent.idleSince = now;
        }
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
    }

    /** A contact of this agent ended or was transferred away: one place on that channel is free again. */
    public RoutingDecision release(long agentId, Channel channel, Instant now) {
        Objects.requireNonNull(channel, "channel");
        Map<Channel, Integer> load = assignmentsOf(agentId);
        load.computeIfPresent(channel, (c, count) -> count > 1 ? count - 1 : null);
        List<RoutingEvent> events = new ArrayList<>();
        dispatch(now, events);
        return new RoutingDecision(events);
    }

    /** Accepted assignments plus outstanding offers of the agent on the channel. */
    public int loadOf(long agentId, Channel channel) {
        return assignmentsOf(agentId).getOrDefault(channel, 0) + offeredTo(agentId).getOrDefault(channel, 0);
    }

    // ---- contacts ----------------------------------------------------------------------------------------

    /** The contact waits for an agent. Idempotent: a contact already waiting (offered or not) is left as it is. */
    public RoutingDecision enqueue(WaitingContact contact, Instant now) {
        Objects.requireNonNull(contact, "contact");
        if (waiting.containsKey(contact.contactId())) {
            return RoutingDecision.none();
        }
        waiting.put(contact.contactId(), contact);
        List<RoutingEvent> events = new ArrayList<>();
        dispatch(now, events);
        return new RoutingDecision(events);
    }

    /** The contact no longer waits (e.g. taken by other means); its outstanding offer is revoked as TAKEN. */
    public RoutingDecision withdraw(long contactId, Instant now) {
        if (!waiting.containsKey(contactId)) {
            return RoutingDecision.none();
        }
        List<RoutingEvent> events = new ArrayList<>();
        String offerId = offerIdByContact.get(contactId);
        if (offerId != null) {
            events.add(new OfferRevoked(removeOffer(offerId), RevokeReason.TAKEN));
        }
        stopWaiting(contactId);
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
        return offers.values().stream().filter(offer -> offer.agentId() == agentId).toList();
    }

    public Optional<Offer> offerForContact(long contactId) {
        return Optional.ofNullable(offerIdByContact.get(contactId)).map(offers::get);
    }

    // ---- offers ------------------------------------------------------------------------------------------

    /**
     * The agent takes the offered contact. An offer that is due is expired here exactly as {@link #tick} would,
     * so the outcome does not depend on whether a tick happened to run first.
     */
    public AcceptOutcome accept(String offerId, long agentId, Instant now) {
        Offer offer = offers.get(offerId);
        if (offer == null) {
            Long endedFor = endedOffers.get(offerId);
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
        stopWaiting(offer.contact().contactId());
        // The offer's place in the load becomes an assignment, so the load on that channel does not change.
        assignmentsOf(agentId).merge(offer.contact().channel(), 1, Integer::sum);
        RoutedAgent agent = agents.get(agentId);
        agent.missedInARow = 0;
        // Taking work puts the agent at the back of the longest-idle line.
        agent.idleSince = now;
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
        rememberRefusal(offer);
        barredUntil.computeIfAbsent(offer.contact().contactId(), id -> new HashMap<>())
                .put(agentId, now.plus(settings.rejectBackoff()));
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
        List<RoutingEvent> events = new ArrayList<>();
        List<Offer> due = offers.values().stream().filter(offer -> offer.isExpiredAt(now)).toList();
        for (Offer offer : due) {
            // An earlier expiry in this loop may have sent the agent AWAY and revoked this offer already.
            if (offers.containsKey(offer.offerId())) {
                expire(offer, events);
            }
        }
        dispatch(now, events);
        return new RoutingDecision(events);
    }

    private void expire(Offer offer, List<RoutingEvent> events) {
        removeOffer(offer.offerId());
        rememberRefusal(offer);
        events.add(new OfferRevoked(offer, RevokeReason.EXPIRED));
        RoutedAgent agent = agents.get(offer.agentId());
        agent.missedInARow++;
        if (agent.missedInARow >= settings.missedOffersBeforeAway() && agent.state == AgentState.AVAILABLE) {
            // Someone who does not answer is probably not at the desk: stop offering them work.
            agent.state = AgentState.AWAY;
            events.add(new AgentStateChanged(agent.profile.agentId(), AgentState.AVAILABLE, AgentState.AWAY,
                    "missed " + agent.missedInARow + " offers in a row"));
            revokeOffersOf(agent.profile.agentId(), RevokeReason.AGENT_UNAVAILABLE, events);
        }
    }

    // ---- dispatch ----------------------------------------------------------------------------------------

    /** Offers every waiting contact without an offer, in serving order, to its best eligible agent. */
    private void dispatch(Instant now, List<RoutingEvent> events) {
        Objects.requireNonNull(now, "now");
        List<WaitingContact> unoffered = waiting.values().stream()
                .filter(contact -> !offerIdByContact.containsKey(contact.contactId()))
                .sorted(WaitingContact.SERVING_ORDER)
                .toList();
        for (WaitingContact contact : unoffered) {
            chooseAgent(contact, now).ifPresent(agent -> events.add(new OfferMade(makeOffer(contact, agent, now))));
        }
    }

    private Optional<RoutedAgent> chooseAgent(WaitingContact contact, Instant now) {
        Map<Long, Instant> barred = barredUntil.getOrDefault(contact.contactId(), Map.of());
        List<RoutedAgent> eligible = agents.values().stream()
                .filter(agent -> canTake(agent, contact))
                .filter(agent -> {
                    Instant until = barred.get(agent.profile.agentId());
                    return until == null || !now.isBefore(until);
                })
                .toList();
        Set<Long> refused = refusedBy.getOrDefault(contact.contactId(), Set.of());
        if (isHeldForPreferredAgent(contact, refused, now)) {
            return eligible.stream().filter(agent -> agent.profile.agentId() == contact.preferredAgentId()).findFirst();
        }
        List<RoutedAgent> notRefused = eligible.stream()
                .filter(agent -> !refused.contains(agent.profile.agentId()))
                .toList();
        // The refusal is ignored when nobody else could take it, so a contact is never stuck.
        List<RoutedAgent> candidates = notRefused.isEmpty() ? eligible : notRefused;
        return candidates.stream().min(LONGEST_IDLE_FIRST);
    }

    /**
     * During the hold only the preferred agent may get the contact, unless that agent already missed or
     * rejected it: then holding it for them would only bounce it back and forth.
     */
    private boolean isHeldForPreferredAgent(WaitingContact contact, Set<Long> refused, Instant now) {
        Long preferred = contact.preferredAgentId();
        return preferred != null
                && !refused.contains(preferred)
                && now.isBefore(contact.waitingSince().plus(settings.preferenceHold()));
    }

    /** Room on the channel, and below the contact's queue capacity override if it has one (load counted per channel). */
    private boolean canTake(RoutedAgent agent, WaitingContact contact) {
        int load = loadOf(agent.profile.agentId(), contact.channel());
        return agent.state == AgentState.AVAILABLE
                && agent.profile.canHandle(contact.skill())
                && load < settings.capacity(contact.channel())
                && (contact.capacity() == null || load < contact.capacity());
    }

    private static final Comparator<RoutedAgent> LONGEST_IDLE_FIRST =
            Comparator.comparing((RoutedAgent agent) -> agent.idleSince, Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparingLong(agent -> agent.profile.agentId());

    private Offer makeOffer(WaitingContact contact, RoutedAgent agent, Instant now) {
        Offer offer = new Offer(offerIds.get(), agent.profile.agentId(), contact, now,
                now.plus(settings.offerTimeout(contact.channel())));
        offers.put(offer.offerId(), offer);
        offerIdByContact.put(contact.contactId(), offer.offerId());
        offeredTo(offer.agentId()).merge(contact.channel(), 1, Integer::sum);
        return offer;
    }

    // ---- bookkeeping -------------------------------------------------------------------------------------

    private void revokeOffersOf(long agentId, RevokeReason reason, List<RoutingEvent> events) {
        List<Offer> ofAgent = offers.values().stream().filter(offer -> offer.agentId() == agentId).toList();
        for (Offer offer : ofAgent) {
            removeOffer(offer.offerId());
            events.add(new OfferRevoked(offer, reason));
        }
    }

    private Offer removeOffer(String offerId) {
        Offer offer = offers.remove(offerId);
        offerIdByContact.remove(offer.contact().contactId());
        offeredTo(offer.agentId()).merge(offer.contact().channel(), -1, Integer::sum);
        endedOffers.put(offerId, offer.agentId());
        return offer;
    }

    private void rememberRefusal(Offer offer) {
        refusedBy.computeIfAbsent(offer.contact().contactId(), id -> new HashSet<>()).add(offer.agentId());
    }

    private void stopWaiting(long contactId) {
        waiting.remove(contactId);
        refusedBy.remove(contactId);
        barredUntil.remove(contactId);
    }

    private Map<Channel, Integer> assignmentsOf(long agentId) {
        return assignments.computeIfAbsent(agentId, id -> new EnumMap<>(Channel.class));
    }

    private Map<Channel, Integer> offeredTo(long agentId) {
        return offeredLoad.computeIfAbsent(agentId, id -> new EnumMap<>(Channel.class));
    }

    /** The router's mutable view of one agent. */
    private static final class RoutedAgent {
        private AgentProfile profile;
        private AgentState state = AgentState.OFFLINE;
        /** When the agent became AVAILABLE or last accepted an offer, whichever is later. */
        private Instant idleSince;
        private int missedInARow;

        private RoutedAgent(AgentProfile profile) {
            this.profile = profile;
        }
    }
}
