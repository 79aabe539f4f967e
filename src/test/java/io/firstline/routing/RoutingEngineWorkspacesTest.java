package io.firstline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import io.firstline.agent.AgentState;
import io.firstline.agent.Agents;
import io.firstline.contact.ContactService;
import io.firstline.kernel.Channel;
import io.firstline.kernel.DomainEvent;
import io.firstline.kernel.DomainEventListener;
import io.firstline.kernel.EventBus;
import io.firstline.support.AppTestBase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An engine of the test's own holding two workspaces' routers: decisions never mix them. Its offer history is never
 * written (no writer started), so the made-up workspaces, agents and contacts touch no row; the offers are read from
 * the events it publishes.
 */
class RoutingEngineWorkspacesTest extends AppTestBase {

    private static final long A = 9_001;
    private static final long B = 9_002;
    private static final long AGENT_OF_A = 8_001;
    private static final long AGENT_OF_B = 8_002;

    @Autowired
    private ContactService contactService;
    @Autowired
    private Agents agents;
    @Autowired
    private Clock clock;

    private final List<OfferMade> offers = new CopyOnWriteArrayList<>();
    private final List<OfferRevoked> revoked = new CopyOnWriteArrayList<>();
    private RoutingEngine engine;

    @BeforeEach
    void engineWithTwoWorkspaces() {
        RoutingProperties properties = new RoutingProperties(Duration.ofMinutes(10), Duration.ofMinutes(10),
                Duration.ofSeconds(30), 2, Duration.ofMillis(100), 100, Map.of("webchat", 2), Duration.ofSeconds(30), 4096);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DomainEventListener recorder = new DomainEventListener() {
            @Override
            public boolean accepts(Class<? extends DomainEvent> type) {
                return type == OfferMade.class || type == OfferRevoked.class;
            }

            @Override
            public void on(DomainEvent event) {
                if (event instanceof OfferMade made) {
                    offers.add(made);
                } else {
                    revoked.add((OfferRevoked) event);
                }
            }
        };
        RoutingEffects effects = new RoutingEffects(EventBus.of(List.of(recorder)), contactService, agents, clock, meters,
                List.of(), properties);
        engine = new RoutingEngine(properties, effects, clock, meters);
        engine.register(new AgentProfile(A, AGENT_OF_A, "a", Set.of())).block(WAIT);
        engine.register(new AgentProfile(B, AGENT_OF_B, "b", Set.of())).block(WAIT);
        engine.changeState(AGENT_OF_A, AgentState.AVAILABLE).block(WAIT);
        engine.changeState(AGENT_OF_B, AgentState.AVAILABLE).block(WAIT);
    }

    @AfterEach
    void stop() {
        engine.shutdown();
    }

    @Test
    void anAgentIsOfferedOnlyItsOwnWorkspacesContactsAndOneBacklogDoesNotHoldUpAnother() {
        // A's three chats arrive before B's one; A's agent has room for two.
        engine.enqueueAll(List.of(chat(A, 1), chat(A, 2), chat(A, 3), chat(B, 4))).block(WAIT);

        assertThat(offers).extracting(made -> made.offer().contact().contactId() + "->" + made.offer().agentId())
                .containsExactly("1->" + AGENT_OF_A, "2->" + AGENT_OF_A, "4->" + AGENT_OF_B);
        // B's agent still has room, yet A's third chat waits for A's own agent.
        assertThat(engine.offersOfHere(B, AGENT_OF_B).block(WAIT)).extracting(offer -> offer.contact().contactId())
                .containsExactly(4L);
        assertThat(engine.offersOf(AGENT_OF_A).block(WAIT)).extracting(offer -> offer.contact().contactId())
                .containsExactly(1L, 2L);

        // An offer is accepted only in its own workspace's router: B's agent cannot take A's offer.
        String offerToA = offers.get(0).offer().offerId();
        assertThat(engine.accept(offerToA, AGENT_OF_B).block(WAIT)).isInstanceOf(AcceptOutcome.Refused.class);
        assertThat(engine.accept(offerToA, AGENT_OF_A).block(WAIT)).isInstanceOf(AcceptOutcome.Accepted.class);

        // A's agent going away revokes A's open offer only; B's offer stands.
        engine.changeState(AGENT_OF_A, AgentState.AWAY).block(WAIT);
        assertThat(revoked).extracting(OfferRevoked::contactId).containsExactly(2L);
        assertThat(engine.offersOf(AGENT_OF_B).block(WAIT)).hasSize(1);
    }

    @Test
    void withdrawingAContactTouchesOnlyItsWorkspace() {
        engine.enqueueAll(List.of(chat(A, 11), chat(B, 11))).block(WAIT);
        assertThat(offers).hasSize(2);
        // Contact ids are unique in one database; here the same id in two routers shows each is its own.
        engine.withdraw(A, 11).block(WAIT);
        assertThat(revoked).extracting(OfferRevoked::agentId).containsExactly(AGENT_OF_A);
        assertThat(engine.offersOf(AGENT_OF_B).block(WAIT)).extracting(offer -> offer.contact().contactId()).containsExactly(11L);
    }

    private WaitingContact chat(long workspaceId, long contactId) {
        return new WaitingContact(workspaceId, contactId, Channel.WEBCHAT, null, 0, clock.instant().plusMillis(contactId),
                null, "Customer " + contactId, "hello");
    }
}
