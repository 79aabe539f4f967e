package io.firstline.routing;

import io.firstline.agent.AgentState;
import io.firstline.kernel.Channel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A queue's capacity override (web chat: 3 per agent by default): a "VIP chat" queue with capacity 1 is offered to an
 * agent only while they hold no other chat, whatever queue it came from; other chats still go up to the channel's 3.
 */
class RouterQueueCapacityTest {

    private static final Instant T0 = Instant.parse("2025-01-06T09:00:00Z");
    private static final long ANNA = 1;
    private static final long BORIS = 2;

    private final AtomicInteger offerSequence = new AtomicInteger();
    private Router router;

    @BeforeEach
    void newRouter() {
        router = new Router(RoutingSettings.defaults(), () -> "offer-" + offerSequence.incrementAndGet());
    }

    @Test
    void aQueueWithCapacityOneIsOfferedOnlyToAnAgentHoldingNoOtherChat() {
        available(ANNA, at(0), "chat");
        assertThat(onlyOffer(router.enqueue(chat(100, null, at(1)), at(1))).agentId()).isEqualTo(ANNA);

        RoutingDecision vip = router.enqueue(chat(101, 1, at(2)), at(2));

        assertThat(vip.offersMade()).isEmpty();
        assertThat(router.waitingCount()).isEqualTo(2);
        // Ordinary chats still fill the channel's capacity of 3.
        assertThat(onlyOffer(router.enqueue(chat(102, null, at(3)), at(3))).agentId()).isEqualTo(ANNA);
        assertThat(router.loadOf(ANNA, Channel.WEBCHAT)).isEqualTo(2);
    }

    @Test
    void theVipChatGoesToTheAgentWithNoChatEvenIfAnotherWaitedLonger() {
        available(ANNA, at(0), "chat");
        available(BORIS, at(5), "chat");
        router.restoreAssignment(ANNA, Channel.WEBCHAT);

        Offer vip = onlyOffer(router.enqueue(chat(100, 1, at(6)), at(6)));

        assertThat(vip.agentId()).isEqualTo(BORIS);
    }

    @Test
    void theWaitingVipChatIsOfferedOnceTheAgentsLastChatEnds() {
        available(ANNA, at(0), "chat");
        Offer ordinary = onlyOffer(router.enqueue(chat(100, null, at(1)), at(1)));
        assertThat(router.accept(ordinary.offerId(), ANNA, at(2))).isInstanceOf(AcceptOutcome.Accepted.class);
        assertThat(router.enqueue(chat(101, 1, at(3)), at(3)).offersMade()).isEmpty();

        RoutingDecision released = router.release(ANNA, Channel.WEBCHAT, at(4));

        assertThat(onlyOffer(released).contact().contactId()).isEqualTo(101);
        // Holding the VIP chat, Anna still takes ordinary chats up to the channel's capacity.
        assertThat(onlyOffer(router.enqueue(chat(102, null, at(5)), at(5))).agentId()).isEqualTo(ANNA);
    }

    @Test
    void anOutstandingOfferCountsAsLoadForTheOverride() {
        available(ANNA, at(0), "chat");
        router.enqueue(chat(100, 1, at(1)), at(1));

        RoutingDecision second = router.enqueue(chat(101, 1, at(2)), at(2));

        assertThat(second.offersMade()).isEmpty();
        assertThat(router.offerForContact(100)).isPresent();
    }

    @Test
    void agentsBecomingAvailableAfterTheOverrideWasFirstUsedAreFiledUnderIt() {
        available(ANNA, at(0), "chat");
        router.enqueue(chat(100, 2, at(1)), at(1));
        router.enqueue(chat(101, 2, at(2)), at(2));
        assertThat(router.loadOf(ANNA, Channel.WEBCHAT)).isEqualTo(2);

        router.changeState(ANNA, AgentState.BREAK, at(3));
        router.enqueue(chat(102, 2, at(4)), at(4));
        RoutingDecision back = router.changeState(ANNA, AgentState.AVAILABLE, at(5));
        available(BORIS, at(6), "chat");

        // Anna's offers went back when she took a break; on her return she is offered two again, Boris the third.
        assertThat(back.offersMade()).hasSize(2).allSatisfy(offer -> assertThat(offer.agentId()).isEqualTo(ANNA));
        assertThat(router.offerForContact(102)).hasValueSatisfying(offer -> assertThat(offer.agentId()).isEqualTo(BORIS));
    }

    @Test
    void anOverrideAtOrAboveTheChannelCapacityChangesNothing() {
        available(ANNA, at(0), "chat");

        for (long id = 100; id < 104; id++) {
            router.enqueue(chat(id, 5, at(1)), at(1));
        }

        assertThat(router.loadOf(ANNA, Channel.WEBCHAT)).isEqualTo(3);
        assertThat(router.offerForContact(103)).isEmpty();
    }

    @Test
    void aPreferredAgentIsHeldForOnlyWhileTheyHaveRoomUnderTheOverride() {
        available(ANNA, at(0), "chat");
        available(BORIS, at(1), "chat");
        router.restoreAssignment(ANNA, Channel.WEBCHAT);

        RoutingDecision held = router.enqueue(new WaitingContact(1, 100, Channel.WEBCHAT, "chat", 0, at(2), ANNA, "Customer",
                "Hello", Map.of(), 1), at(2));
        assertThat(held.offersMade()).isEmpty();

        RoutingDecision released = router.release(ANNA, Channel.WEBCHAT, at(3));
        assertThat(onlyOffer(released).agentId()).isEqualTo(ANNA);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static Instant at(long seconds) {
        return T0.plus(Duration.ofSeconds(seconds));
    }

    private void available(long agentId, Instant since, String... skills) {
        router.registerAgent(new AgentProfile(1, agentId, "agent" + agentId, Set.of(skills)));
        router.changeState(agentId, AgentState.AVAILABLE, since);
    }

    /** A chat of the "chat" skill from a queue with the given capacity override (null: the channel's). */
    private static WaitingContact chat(long contactId, Integer capacity, Instant since) {
        return new WaitingContact(1, contactId, Channel.WEBCHAT, "chat", 0, since, null, "Customer " + contactId, "Hello",
                Map.of(), capacity);
    }

    private static Offer onlyOffer(RoutingDecision decision) {
        assertThat(decision.offersMade()).hasSize(1);
        return decision.offersMade().get(0);
    }
}
