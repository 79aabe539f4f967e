package io.firstline.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import io.firstline.agent.AgentState;
import io.firstline.channel.ReplyFailed;
import io.firstline.channel.webchat.WidgetReplyPosted;
import io.firstline.contact.ContactAssigned;
import io.firstline.contact.ContactReopened;
import io.firstline.contact.ContactResolved;
import io.firstline.contact.ContactView;
import io.firstline.contact.DeadlineView;
import io.firstline.contact.MessageReceived;
import io.firstline.followup.FollowUpDue;
import io.firstline.followup.FollowUpView;
import io.firstline.kernel.Channel;
import io.firstline.kernel.DomainEvent;
import io.firstline.kernel.DomainEventListener;
import io.firstline.kernel.EventBus;
import io.firstline.kernel.EventRelay;
import io.firstline.routing.AgentPresenceChanged;
import io.firstline.routing.Offer;
import io.firstline.routing.OfferMade;
import io.firstline.routing.OfferRevoked;
import io.firstline.routing.RoutingAnswer;
import io.firstline.routing.RoutingCommand;
import io.firstline.routing.WaitingContact;
import io.firstline.supervision.ContactEscalated;
import io.firstline.supervision.DeadlineBreached;
import io.firstline.supervision.DeadlineWarned;
import io.firstline.supervision.DeadlinesMoved;
import io.firstline.supervision.HolidayYearLoaded;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Every event the bus carries, and every routing command, comes back from its JSON equal to what was sent. */
class ClusterEventCodecTest {

    private static final Instant AT = Instant.parse("2026-03-02T08:15:30.123456Z");
    private final ClusterEventCodec codec = new ClusterEventCodec(JsonMapper.builder().build());

    private static final WaitingContact WAITING = new WaitingContact(1, 7, Channel.WEBCHAT, "billing", 2, AT, 3L,
            "Li Lei", "Where is my parcel?", Map.of("reply", AT.plusSeconds(600)));
    private static final ContactView VIEW = new ContactView(7, "webchat", "in_progress", "complaint", "normal", null, 2,
            new ContactView.Party(11, "Li Lei"), new ContactView.QueueRef(1, "general"), new ContactView.Party(3, "Agent Three"),
            new ContactView.Party(3, "Agent Three"), AT, AT.plusSeconds(5),
            List.of(new DeadlineView("reply", AT.plusSeconds(600), AT.plusSeconds(500), null, null)),
            List.of(new ContactView.MessageView(21, "inbound", "Li Lei", "Where is my parcel?", AT, "received", null)));

    @Test
    void everyEventTheConsoleAndTheWidgetNeedSurvivesTheTrip() {
        List<DomainEvent> events = List.of(
                new OfferMade(new Offer("abc-1", 3, WAITING, AT, AT.plusSeconds(20))),
                new OfferRevoked(3, "abc-1", 7, "expired"),
                new AgentPresenceChanged(3, AgentState.AWAY, AT, "missed offers"),
                new ContactAssigned(3, VIEW),
                new MessageReceived(7, List.of(3L, 4L)),
                new ReplyFailed(3, 7, 22, "http-502", "the provider refused"),
                new ContactResolved(3, VIEW),
                new ContactReopened(3, VIEW),
                new FollowUpDue(new FollowUpView(5, 7, 3, AT, AT, "pending", null, null, null, null, null)),
                new DeadlineWarned(7, "reply", AT, "complaint", List.of(3L)),
                new DeadlineBreached(7, "reply", AT, "complaint", List.of(3L, 9L)),
                new ContactEscalated(7, 1, "reply breached", List.of(9L)),
                new WidgetReplyPosted("demo:wv-1", Map.of("id", "reply_1", "from", "agent", "text", "Today", "agentName", "agent3")),
                new RoutingAnswered("node-2", "node-2-17", new RoutingAnswer(null, null, null,
                        List.of(new Offer("abc-2", 3, WAITING, AT, AT.plusSeconds(20))))));
        for (DomainEvent event : events) {
            assertThat(codec.decode(event.getClass().getName(), codec.encode(event))).as(event.getClass().getSimpleName())
                    .contains(event);
        }
    }

    @Test
    void everyRoutingCommandSurvivesTheTrip() {
        List<RoutingCommand> commands = List.of(
                new RoutingCommand.ChangeState(1, 3, AgentState.AVAILABLE),
                new RoutingCommand.EnqueueAll(1, List.of(WAITING)),
                new RoutingCommand.Release(1, 3, Channel.PHONE),
                new RoutingCommand.RestoreAssignment(1, 3, Channel.EMAIL),
                new RoutingCommand.GiveBack(1, 3, WAITING),
                new RoutingCommand.Withdraw(1, 7),
                new RoutingCommand.Accept(1, "abc-1", 3),
                new RoutingCommand.Reject(1, "abc-1", 3),
                new RoutingCommand.OffersOf(1, 3));
        for (RoutingCommand command : commands) {
            assertThat(codec.decode(command.getClass().getName(), codec.encode(command), RoutingCommand.class))
                    .as(command.getClass().getSimpleName()).contains(command);
        }
    }

    @Test
    void aRecordNamingAForeignOrUnknownTypeIsSkipped() {
        byte[] json = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(codec.decode("java.lang.Runtime", json)).isEmpty();
        assertThat(codec.decode("io.firstline.NoSuchEvent", json)).isEmpty();
        assertThat(codec.decode("io.firstline.routing.RoutingEngine", json)).isEmpty();
        assertThat(codec.decode(null, json)).isEmpty();
        assertThat(codec.decode(OfferRevoked.class.getName(), "not json".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void aLoadedHolidayYearAndTheDeadlinesItMovedReachTheListenersOfTheOtherNodes() {
        List<DomainEvent> sent = List.of(
                new HolidayYearLoaded(2027, "admin", AT),
                new DeadlinesMoved(7, "complaint", List.of(new DeadlinesMoved.Moved("reply", AT, AT.plusSeconds(259_200), false)),
                        List.of(3L, 9L)));
        List<DomainEvent> heard = new java.util.ArrayList<>();
        List<DomainEvent> relayed = new java.util.ArrayList<>();
        DomainEventListener supervision = new DomainEventListener() {
            @Override
            public boolean accepts(Class<? extends DomainEvent> type) {
                return type == HolidayYearLoaded.class || type == DeadlinesMoved.class;
            }

            @Override
            public void on(DomainEvent event) {
                heard.add(event);
            }
        };
        EventRelay relay = new EventRelay() {
            @Override
            public boolean accepts(Class<? extends DomainEvent> type) {
                return true;
            }

            @Override
            public void on(DomainEvent event) {
                relayed.add(event);
            }
        };
        EventBus otherNode = EventBus.of(List.of(supervision, relay));

        // What the receiver does with a record of firstline.events from another node.
        sent.forEach(event -> codec.decode(event.getClass().getName(), codec.encode(event)).ifPresent(otherNode::deliverFromPeer));

        assertThat(heard).containsExactlyElementsOf(sent);
        assertThat(relayed).as("a peer's event is not sent on again").isEmpty();
        // A node of an older release does not know the kind: it skips the record (counted as unknown) instead of failing.
        assertThat(codec.decode("io.firstline.supervision.HolidayYearWithdrawn", codec.encode(sent.get(0)))).isEmpty();
    }
}
