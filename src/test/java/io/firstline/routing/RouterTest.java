package io.firstline.routing;

import io.firstline.agent.AgentState;
import io.firstline.kernel.Channel;
import io.firstline.routing.RoutingEvent.AgentStateChanged;
import io.firstline.routing.RoutingEvent.OfferMade;
import io.firstline.routing.RoutingEvent.OfferRevoked;
import io.firstline.routing.RoutingEvent.RevokeReason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RouterTest {

    private static final Instant T0 = Instant.parse("2025-01-06T09:00:00Z");
    private static final long ANNA = 1;
    private static final long BORIS = 2;

    private final AtomicInteger offerSequence = new AtomicInteger();
    private Router router;

    @BeforeEach
    void newRouter() {
        router = new Router(RoutingSettings.defaults(), () -> "offer-" + offerSequence.incrementAndGet());
    }

    // ---- who gets the offer ------------------------------------------------------------------------------

    @Test
    void offersOnlyToAgentsHoldingTheSkill() {
        available(ANNA, at(0), "billing");
        available(BORIS, at(1), "sales");

        RoutingDecision decision = router.enqueue(chat(100, "sales", at(2)), at(2));

        assertThat(decision.offersMade()).singleElement().satisfies(offer -> {
            assertThat(offer.agentId()).isEqualTo(BORIS);
            assertThat(offer.contact().contactId()).isEqualTo(100);
        });
    }

    @Test
    void contactWithoutAMatchingAgentKeepsWaiting() {
        available(ANNA, at(0), "billing");

        RoutingDecision decision = router.enqueue(chat(100, "sales", at(1)), at(1));

        assertThat(decision.isEmpty()).isTrue();
        assertThat(router.waitingCount()).isEqualTo(1);
        assertThat(router.offerForContact(100)).isEmpty();
    }

    @Test
    void offersTheLongestIdleAgentWithTheSkill() {
        available(BORIS, at(0), "sales");
        available(ANNA, at(5), "sales");

        RoutingDecision decision = router.enqueue(chat(100, "sales", at(10)), at(10));

        assertThat(onlyOffer(decision).agentId()).isEqualTo(BORIS);
    }

    @Test
    void offerExpiresAfterTheChannelTimeout() {
        available(ANNA, at(0), "sales");

        Offer chatOffer = onlyOffer(router.enqueue(chat(100, "sales", at(0)), at(0)));
        Offer phoneOffer = onlyOffer(router.enqueue(contact(101, Channel.PHONE, "sales", 0, at(0), null), at(0)));

        assertThat(chatOffer.offeredAt()).isEqualTo(at(0));
        assertThat(chatOffer.expiresAt()).isEqualTo(at(20));
        assertThat(phoneOffer.expiresAt()).isEqualTo(at(15));
    }

    @Test
    void doesNotOfferAFourthChatToAnAgentWithThree() {
        available(ANNA, at(0), "sales");

        for (long id = 100; id < 104; id++) {
            router.enqueue(chat(id, "sales", at(1)), at(1));
        }

        assertThat(router.offerForContact(100)).isPresent();
        assertThat(router.offerForContact(101)).isPresent();
        assertThat(router.offerForContact(102)).isPresent();
        assertThat(router.offerForContact(103)).isEmpty();
        assertThat(router.loadOf(ANNA, Channel.WEBCHAT)).isEqualTo(3);
    }

    @Test
    void capacityIsCountedPerChannel() {
        available(ANNA, at(0), "sales");
        router.restoreAssignment(ANNA, Channel.PHONE);

        RoutingDecision phone = router.enqueue(contact(100, Channel.PHONE, "sales", 0, at(1), null), at(1));
        RoutingDecision chat = router.enqueue(chat(101, "sales", at(1)), at(1));

        assertThat(phone.offersMade()).isEmpty();
        assertThat(onlyOffer(chat).agentId()).isEqualTo(ANNA);
    }

    @Test
    void acceptedContactsStillCountAgainstCapacity() {
        available(ANNA, at(0), "sales");
        Offer first = onlyOffer(router.enqueue(contact(100, Channel.PHONE, "sales", 0, at(1), null), at(1)));
        assertThat(router.accept(first.offerId(), ANNA, at(2))).isInstanceOf(AcceptOutcome.Accepted.class);

        RoutingDecision second = router.enqueue(contact(101, Channel.PHONE, "sales", 0, at(3), null), at(3));

        assertThat(second.offersMade()).isEmpty();
        assertThat(router.loadOf(ANNA, Channel.PHONE)).isEqualTo(1);
    }

    @Test
    void servesMajorPriorityBeforeNormalEvenIfItArrivedLater() {
        router.registerAgent(profile(ANNA, "sales"));
        router.enqueue(contact(100, Channel.PHONE, "sales", 0, at(0), null), at(0));
        router.enqueue(contact(101, Channel.PHONE, "sales", 5, at(1), null), at(1));

        RoutingDecision decision = router.changeState(ANNA, AgentState.AVAILABLE, at(2));

        assertThat(onlyOffer(decision).contact().contactId()).isEqualTo(101);
    }

    @Test
    void servesTheLongestWaitingFirstWithinAPriority() {
        router.registerAgent(profile(ANNA, "sales"));
        router.enqueue(contact(101, Channel.PHONE, "sales", 0, at(1), null), at(1));
        router.enqueue(contact(100, Channel.PHONE, "sales", 0, at(0), null), at(1));

        RoutingDecision decision = router.changeState(ANNA, AgentState.AVAILABLE, at(2));

        assertThat(onlyOffer(decision).contact().contactId()).isEqualTo(100);
    }

    // ---- preferred agent ---------------------------------------------------------------------------------

    @Test
    void holdsTheContactForThePreferredAgentDuringTheHold() {
        available(ANNA, at(0), "sales");
        router.registerAgent(profile(BORIS, "sales"));

        RoutingDecision whileBorisIsOffline = router.enqueue(contact(100, Channel.WEBCHAT, "sales", 0, at(10), BORIS), at(10));
        RoutingDecision borisComesBack = router.changeState(BORIS, AgentState.AVAILABLE, at(20));

        assertThat(whileBorisIsOffline.isEmpty()).isTrue();
        assertThat(onlyOffer(borisComesBack).agentId()).isEqualTo(BORIS);
    }

    @Test
    void prefersThePreferredAgentOverALongerIdleOne() {
        available(ANNA, at(0), "sales");
        available(BORIS, at(5), "sales");

        RoutingDecision decision = router.enqueue(contact(100, Channel.WEBCHAT, "sales", 0, at(10), BORIS), at(10));

        assertThat(onlyOffer(decision).agentId()).isEqualTo(BORIS);
    }

    @Test
    void fallsBackToAnyAgentAfterThePreferenceHold() {
        available(ANNA, at(0), "sales");
        router.registerAgent(profile(BORIS, "sales"));
        router.enqueue(contact(100, Channel.WEBCHAT, "sales", 0, at(10), BORIS), at(10));

        RoutingDecision justBeforeHoldEnds = router.tick(at(39));
        RoutingDecision holdEnded = router.tick(at(40));

        assertThat(justBeforeHoldEnds.isEmpty()).isTrue();
        assertThat(onlyOffer(holdEnded).agentId()).isEqualTo(ANNA);
    }

    // ---- expiry and missed offers ------------------------------------------------------------------------

    @Test
    void expiredOfferIsRevokedAndOfferedToTheNextAgent() {
        available(ANNA, at(0), "sales");
        available(BORIS, at(1), "sales");
        Offer first = onlyOffer(router.enqueue(chat(100, "sales", at(2)), at(2)));

        RoutingDecision notYet = router.tick(at(21));
        RoutingDecision expired = router.tick(at(22));

        assertThat(notYet.isEmpty()).isTrue();
        assertThat(expired.events()).hasSize(2);
        assertThat(expired.events().get(0)).isEqualTo(new OfferRevoked(first, RevokeReason.EXPIRED));
        assertThat(expired.events().get(1)).isInstanceOfSatisfying(OfferMade.class,
                made -> assertThat(made.offer().agentId()).isEqualTo(BORIS));
        assertThat(router.offer(first.offerId())).isEmpty();
    }

    @Test
    void expiredOfferReturnsToTheSameAgentWhenNobodyElseCanTakeIt() {
        available(ANNA, at(0), "sales");
        onlyOffer(router.enqueue(chat(100, "sales", at(0)), at(0)));

        RoutingDecision expired = router.tick(at(20));

        assertThat(onlyOffer(expired).agentId()).isEqualTo(ANNA);
        assertThat(router.stateOf(ANNA)).isEqualTo(AgentState.AVAILABLE);
    }

    @Test
    void twoMissedOffersInARowSetTheAgentAway() {
        available(ANNA, at(0), "sales");
        available(BORIS, at(1), "sales");
        Offer first = onlyOffer(router.enqueue(chat(100, "sales", at(2)), at(2)));
        assertThat(first.agentId()).isEqualTo(ANNA);
        router.tick(at(22));                                   // Anna missed 1, contact 100 goes to Boris
        Offer second = onlyOffer(router.enqueue(chat(101, "sales", at(23)), at(23)));
        assertThat(second.agentId()).isEqualTo(ANNA);

        RoutingDecision decision = router.tick(at(43));        // Anna missed 2 (and Boris missed contact 100)

        assertThat(router.stateOf(ANNA)).isEqualTo(AgentState.AWAY);
        assertThat(decision.stateChanges()).containsExactly(
                new AgentStateChanged(ANNA, AgentState.AVAILABLE, AgentState.AWAY, "missed 2 offers in a row"));
        assertThat(decision.offersMade()).hasSize(2).allSatisfy(offer -> assertThat(offer.agentId()).isEqualTo(BORIS));
    }

    @Test
    void goingAwayRevokesTheAgentsOtherOffers() {
        available(ANNA, at(0), "sales");
        router.enqueue(chat(100, "sales", at(0)), at(0));     // expires at 20
        Offer second = onlyOffer(router.enqueue(chat(101, "sales", at(10)), at(10)));  // expires at 30
        Offer reOffer = onlyOffer(router.tick(at(20)));       // missed 1; nobody else, so 100 goes back to Anna

        RoutingDecision decision = router.tick(at(30));       // missed 2

        assertThat(router.stateOf(ANNA)).isEqualTo(AgentState.AWAY);
        assertThat(decision.events()).containsExactly(
                new OfferRevoked(second, RevokeReason.EXPIRED),
                new AgentStateChanged(ANNA, AgentState.AVAILABLE, AgentState.AWAY, "missed 2 offers in a row"),
                new OfferRevoked(reOffer, RevokeReason.AGENT_UNAVAILABLE));
        assertThat(router.waitingCount()).isEqualTo(2);
        assertThat(router.loadOf(ANNA, Channel.WEBCHAT)).isZero();
    }

    @Test
    void anAcceptInBetweenResetsTheMissedCount() {
        available(ANNA, at(0), "sales");
        available(BORIS, at(1), "sales");
        onlyOffer(router.enqueue(chat(100, "sales", at(2)), at(2)));
        router.tick(at(22));                                   // Anna missed 1
        Offer accepted = onlyOffer(router.enqueue(chat(101, "sales", at(23)), at(23)));
        assertThat(accepted.agentId()).isEqualTo(ANNA);
        assertThat(router.accept(accepted.offerId(), ANNA, at(24))).isInstanceOf(AcceptOutcome.Accepted.class);
        router.withdraw(100, at(25));                          // Boris's offer of 100 goes away
        Offer third = onlyOffer(router.enqueue(chat(102, "sales", at(26)), at(26)));
        assertThat(third.agentId()).isEqualTo(BORIS);
        router.changeState(BORIS, AgentState.BREAK, at(27));   // 102 moves to Anna
        assertThat(router.offerForContact(102)).hasValueSatisfying(offer -> assertThat(offer.agentId()).isEqualTo(ANNA));

        RoutingDecision decision = router.tick(at(47));        // Anna missed 1 again, not 2

        assertThat(decision.revocations()).extracting(OfferRevoked::reason).containsExactly(RevokeReason.EXPIRED);
        assertThat(decision.stateChanges()).isEmpty();
        assertThat(router.stateOf(ANNA)).isEqualTo(AgentState.AVAILABLE);
    }

    // ---- accept --------------------------------------------------------------------------------------------

    @Test
    void acceptingAssignsTheContactAndEndsItsWait() {
        available(ANNA, at(0), "sales");
        Offer offer = onlyOffer(router.enqueue(chat(100, "sales", at(1)), at(1)));

        AcceptOutcome outcome = router.accept(offer.offerId(), ANNA, at(5));

        assertThat(outcome).isInstanceOfSatisfying(AcceptOutcome.Accepted.class, accepted -> {
            assertThat(accepted.offer()).isEqualTo(offer);
            assertThat(accepted.decision().isEmpty()).isTrue();
        });
        assertThat(router.waitingCount()).isZero();
        assertThat(router.offer(offer.offerId())).isEmpty();
        assertThat(router.loadOf(ANNA, Channel.WEBCHAT)).isEqualTo(1);
    }

    @Test
    void acceptingAnExpiredOfferIsRefusedAndTheExpiryIsProcessed() {
        available(ANNA, at(0), "sales");
        available(BORIS, at(1), "sales");
        Offer offer = onlyOffer(router.enqueue(chat(100, "sales", at(2)), at(2)));

        AcceptOutcome outcome = router.accept(offer.offerId(), ANNA, offer.expiresAt());

        assertThat(outcome).isInstanceOfSatisfying(AcceptOutcome.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(AcceptOutcome.Reason.EXPIRED);
            assertThat(refused.decision().revocations()).containsExactly(new OfferRevoked(offer, RevokeReason.EXPIRED));
            assertThat(onlyOffer(refused.decision()).agentId()).isEqualTo(BORIS);
        });
        assertThat(router.waitingCount()).isEqualTo(1);
    }

    @Test
    void acceptingSomeoneElsesOfferIsRefusedAndTheOfferStays() {
        available(ANNA, at(0), "sales");
        available(BORIS, at(1), "sales");
        Offer offer = onlyOffer(router.enqueue(chat(100, "sales", at(2)), at(2)));

        AcceptOutcome outcome = router.accept(offer.offerId(), BORIS, at(3));

        assertThat(outcome).isEqualTo(new AcceptOutcome.Refused(AcceptOutcome.Reason.NOT_YOURS));
        assertThat(router.offer(offer.offerId())).contains(offer);
    }

    @Test
    void acceptingAnUnknownOfferIsRefused() {
        assertThat(router.accept("no-such-offer", ANNA, at(0)))
                .isEqualTo(new AcceptOutcome.Refused(AcceptOutcome.Reason.UNKNOWN_OFFER));
    }

    // ---- reject --------------------------------------------------------------------------------------------

    @Test
    void rejectedContactGoesToTheNextAgent() {
        available(ANNA, at(0), "sales");
        available(BORIS, at(1), "sales");
        Offer offer = onlyOffer(router.enqueue(chat(100, "sales", at(2)), at(2)));

        RoutingDecision decision = router.reject(offer.offerId(), ANNA, at(3));

        assertThat(decision.revocations()).containsExactly(new OfferRevoked(offer, RevokeReason.REJECTED));
        assertThat(onlyOffer(decision).agentId()).isEqualTo(BORIS);
    }

    @Test
    void rejectingIsNotAMissedOffer() {
        available(ANNA, at(0), "sales");
        Offer first = onlyOffer(router.enqueue(chat(100, "sales", at(0)), at(0)));
        router.reject(first.offerId(), ANNA, at(1));
        Offer second = onlyOffer(router.tick(at(31)));     // back to Anna after the back-off: nobody else
        router.reject(second.offerId(), ANNA, at(32));
        Offer third = onlyOffer(router.tick(at(62)));

        router.reject(third.offerId(), ANNA, at(63));

        assertThat(router.stateOf(ANNA)).isEqualTo(AgentState.AVAILABLE);
    }

    @Test
    void aRejectBetweenTwoMissesEndsTheRunOfMissedOffers() {
        available(ANNA, at(0), "sales");
        Offer first = onlyOffer(router.enqueue(chat(100, "sales", at(0)), at(0)));
        Offer second = onlyOffer(router.tick(first.expiresAt()));                 // missed 1, back to Anna
        router.reject(second.offerId(), ANNA, at(25));                           // an answer
        Offer third = onlyOffer(router.tick(at(55)));                             // after the back-off

        RoutingDecision decision = router.tick(third.expiresAt());               // missed 1 again, not 2

        assertThat(decision.stateChanges()).isEmpty();
        assertThat(router.stateOf(ANNA)).isEqualTo(AgentState.AVAILABLE);
    }

    @Test
    void aContactRejectedByTheOnlyAgentIsNotOfferedToThemAgainWithinTheBackOff() {
        available(ANNA, at(0), "sales");
        Offer offer = onlyOffer(router.enqueue(chat(100, "sales", at(0)), at(0)));

        RoutingDecision rejected = router.reject(offer.offerId(), ANNA, at(1));

        assertThat(rejected.offersMade()).isEmpty();
        assertThat(router.tick(at(30)).offersMade()).isEmpty();                  // back-off ends at 31
        assertThat(router.offerForContact(100)).isEmpty();
        assertThat(router.waitingCount()).isEqualTo(1);                           // still visibly queued
        assertThat(onlyOffer(router.tick(at(31))).agentId()).isEqualTo(ANNA);
    }

    @Test
    void theOnlyAgentWhoRejectedStillGetsOtherContacts() {
        available(ANNA, at(0), "sales");
        Offer offer = onlyOffer(router.enqueue(chat(100, "sales", at(0)), at(0)));
        router.reject(offer.offerId(), ANNA, at(1));

        Offer other = onlyOffer(router.enqueue(chat(101, "sales", at(2)), at(2)));

        assertThat(other.contact().contactId()).isEqualTo(101);
        assertThat(other.agentId()).isEqualTo(ANNA);
    }

    @Test
    void aContactRejectedByTheOnlyAgentGoesToAnotherAgentAsSoonAsOneIsAvailable() {
        available(ANNA, at(0), "sales");
        Offer offer = onlyOffer(router.enqueue(chat(100, "sales", at(0)), at(0)));
        router.reject(offer.offerId(), ANNA, at(1));

        router.registerAgent(profile(BORIS, "sales"));
        RoutingDecision borisArrives = router.changeState(BORIS, AgentState.AVAILABLE, at(5));

        assertThat(onlyOffer(borisArrives).agentId()).isEqualTo(BORIS);
    }

    @Test
    void theRejectBackOffIsConfigurable() {
        RoutingSettings defaults = RoutingSettings.defaults();
        router = new Router(new RoutingSettings(defaults.offerTimeout(), defaults.preferenceHold(), defaults.capacity(),
                defaults.missedOffersBeforeAway(), Duration.ofSeconds(5)), () -> "offer-" + offerSequence.incrementAndGet());
        available(ANNA, at(0), "sales");
        Offer offer = onlyOffer(router.enqueue(chat(100, "sales", at(0)), at(0)));
        router.reject(offer.offerId(), ANNA, at(1));

        assertThat(router.tick(at(5)).offersMade()).isEmpty();
        assertThat(onlyOffer(router.tick(at(6))).agentId()).isEqualTo(ANNA);
    }

    @Test
    void rejectingSomeoneElsesOfferDoesNothing() {
        available(ANNA, at(0), "sales");
        available(BORIS, at(1), "sales");
        Offer offer = onlyOffer(router.enqueue(chat(100, "sales", at(2)), at(2)));

        assertThat(router.reject(offer.offerId(), BORIS, at(3)).isEmpty()).isTrue();
        assertThat(router.offer(offer.offerId())).contains(offer);
    }

    // ---- agent state -------------------------------------------------------------------------------------

    @Test
    void goingOnBreakRevokesOutstandingOffersAndReOffersThem() {
        available(ANNA, at(0), "sales");
        available(BORIS, at(1), "sales");
        Offer offer = onlyOffer(router.enqueue(chat(100, "sales", at(2)), at(2)));

        RoutingDecision decision = router.changeState(ANNA, AgentState.BREAK, at(3));

        assertThat(router.stateOf(ANNA)).isEqualTo(AgentState.BREAK);
        assertThat(decision.revocations()).containsExactly(new OfferRevoked(offer, RevokeReason.AGENT_UNAVAILABLE));
        assertThat(onlyOffer(decision).agentId()).isEqualTo(BORIS);
        assertThat(decision.stateChanges()).isEmpty();
    }

    @Test
    void unknownAgentIsOfflineAndItsStateChangesDoNothing() {
        assertThat(router.stateOf(99)).isEqualTo(AgentState.OFFLINE);
        assertThat(router.changeState(99, AgentState.AVAILABLE, at(0)).isEmpty()).isTrue();
        assertThat(router.stateOf(99)).isEqualTo(AgentState.OFFLINE);
    }

    @Test
    void reRegisteringUpdatesTheSkills() {
        available(ANNA, at(0), "billing");
        router.enqueue(chat(100, "sales", at(1)), at(1));

        router.registerAgent(profile(ANNA, "billing", "sales"));
        RoutingDecision decision = router.tick(at(2));

        assertThat(onlyOffer(decision).agentId()).isEqualTo(ANNA);
        assertThat(router.stateOf(ANNA)).isEqualTo(AgentState.AVAILABLE);
    }

    // ---- release and withdraw ----------------------------------------------------------------------------

    @Test
    void releaseFreesCapacityAndDispatchesAWaitingContact() {
        available(ANNA, at(0), "sales");
        router.restoreAssignment(ANNA, Channel.PHONE);
        router.enqueue(contact(100, Channel.PHONE, "sales", 0, at(1), null), at(1));
        assertThat(router.offerForContact(100)).isEmpty();

        RoutingDecision decision = router.release(ANNA, Channel.PHONE, at(2));

        assertThat(onlyOffer(decision).contact().contactId()).isEqualTo(100);
    }

    @Test
    void releaseNeverTakesTheLoadBelowZero() {
        available(ANNA, at(0), "sales");
        router.release(ANNA, Channel.PHONE, at(1));
        router.release(ANNA, Channel.PHONE, at(1));

        assertThat(router.loadOf(ANNA, Channel.PHONE)).isZero();
        router.enqueue(contact(100, Channel.PHONE, "sales", 0, at(2), null), at(2));
        assertThat(router.enqueue(contact(101, Channel.PHONE, "sales", 0, at(2), null), at(2)).isEmpty()).isTrue();
    }

    @Test
    void withdrawingAnOfferedContactRevokesItsOfferAsTaken() {
        available(ANNA, at(0), "sales");
        Offer offer = onlyOffer(router.enqueue(chat(100, "sales", at(1)), at(1)));

        RoutingDecision decision = router.withdraw(100, at(2));

        assertThat(decision.events()).containsExactly(new OfferRevoked(offer, RevokeReason.TAKEN));
        assertThat(router.waitingCount()).isZero();
        assertThat(router.offerForContact(100)).isEmpty();
        assertThat(router.withdraw(100, at(3)).isEmpty()).isTrue();
    }

    // ---- enqueue -----------------------------------------------------------------------------------------

    @Test
    void enqueueIsIdempotentOnTheContactId() {
        available(ANNA, at(0), "sales");
        Offer offer = onlyOffer(router.enqueue(chat(100, "sales", at(1)), at(1)));
        router.enqueue(chat(101, "other", at(1)), at(1));

        RoutingDecision offeredAgain = router.enqueue(chat(100, "sales", at(2)), at(2));
        RoutingDecision waitingAgain = router.enqueue(chat(101, "other", at(2)), at(2));

        assertThat(offeredAgain.isEmpty()).isTrue();
        assertThat(waitingAgain.isEmpty()).isTrue();
        assertThat(router.waitingCount()).isEqualTo(2);
        assertThat(router.offerForContact(100)).contains(offer);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static Instant at(long seconds) {
        return T0.plus(Duration.ofSeconds(seconds));
    }

    private static AgentProfile profile(long agentId, String... skills) {
        return new AgentProfile(1, agentId, "agent" + agentId, Set.of(skills));
    }

    private void available(long agentId, Instant since, String... skills) {
        router.registerAgent(profile(agentId, skills));
        router.changeState(agentId, AgentState.AVAILABLE, since);
    }

    private static WaitingContact chat(long contactId, String skill, Instant since) {
        return contact(contactId, Channel.WEBCHAT, skill, 0, since, null);
    }

    private static WaitingContact contact(long contactId, Channel channel, String skill, int priority, Instant since,
                                          Long preferredAgentId) {
        return new WaitingContact(1, contactId, channel, skill, priority, since, preferredAgentId, "Customer " + contactId, "Hello");
    }

    private static Offer onlyOffer(RoutingDecision decision) {
        assertThat(decision.offersMade()).hasSize(1);
        return decision.offersMade().get(0);
    }
}
