package io.firstline.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import io.firstline.kernel.Channel;
import io.firstline.routing.RoutingCommand;
import io.firstline.routing.WaitingContact;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * In Kafka mode a queue's capacity override reaches the routing owner inside the waiting contact, as its priority does;
 * a contact written by a node without overrides reads as one of the channel's capacity.
 */
class QueueCapacityCodecTest {

    private static final Instant AT = Instant.parse("2026-03-02T08:15:30.123456Z");
    private final ClusterEventCodec codec = new ClusterEventCodec(JsonMapper.builder().build());

    @Test
    void aWaitingContactKeepsItsQueuesCapacityOnTheWayToTheOwner() {
        WaitingContact vip = new WaitingContact(1, 7, Channel.WEBCHAT, "webchat", 90, AT, null, "Li Lei", "VIP here",
                Map.of("reply", AT.plusSeconds(600)), 1);
        RoutingCommand command = new RoutingCommand.EnqueueAll(1, List.of(vip));

        assertThat(codec.decode(command.getClass().getName(), codec.encode(command), RoutingCommand.class))
                .hasValueSatisfying(decoded -> assertThat(((RoutingCommand.EnqueueAll) decoded).contacts())
                        .singleElement().satisfies(contact -> assertThat(contact.capacity()).isEqualTo(1)));
    }

    @Test
    void aContactWrittenWithoutACapacityIsOfTheChannelsCapacity() {
        byte[] older = """
                {"workspaceId":1,"contacts":[{"workspaceId":1,"contactId":7,"channel":"WEBCHAT","skill":"webchat","priority":0,
                "waitingSince":"2026-03-02T08:15:30.123456Z","preferredAgentId":null,"customerName":"Li Lei",
                "text":"hello","deadlines":{}}]}""".getBytes(StandardCharsets.UTF_8);

        assertThat(codec.decode(RoutingCommand.EnqueueAll.class.getName(), older, RoutingCommand.class))
                .hasValueSatisfying(decoded -> assertThat(((RoutingCommand.EnqueueAll) decoded).contacts())
                        .singleElement().satisfies(contact -> assertThat(contact.capacity()).isNull()));
    }
}
