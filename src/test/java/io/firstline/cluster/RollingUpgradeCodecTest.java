package io.firstline.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import io.firstline.agent.AgentState;
import io.firstline.kernel.Channel;
import io.firstline.routing.Offer;
import io.firstline.routing.RoutingAnswer;
import io.firstline.routing.RoutingCommand;
import io.firstline.routing.WaitingContact;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A rolling upgrade from the release before 3 December, whose routing commands and waiting contacts named no
 * workspace (it routed one): the new owner reads every such command as one of the default workspace. The old payloads
 * are made here as that release's encoder made them: the same codec writing the records as they were then
 * ({@code git show 5f05fec:src/main/java/io/firstline/routing/RoutingCommand.java} and {@code WaitingContact.java}).
 * Answers travel both ways: an answer with the new refusal reads on an older node (unknown fields are ignored), and an
 * older node's answer reads here as run.
 */
class RollingUpgradeCodecTest {

    private static final long DEFAULT_WORKSPACE = 1;
    private static final Instant AT = Instant.parse("2026-03-02T08:15:30.123456Z");
    private final ClusterEventCodec codec = new ClusterEventCodec(JsonMapper.builder().build());

    /** The previous release's records, as they were at 5f05fec. */
    record OldWaitingContact(long contactId, Channel channel, String skill, int priority, Instant waitingSince,
                             Long preferredAgentId, String customerName, String text, Map<String, Instant> deadlines) {
    }

    record OldChangeState(long agentId, AgentState state) {
    }

    record OldEnqueueAll(List<OldWaitingContact> contacts) {
    }

    record OldRelease(long agentId, Channel channel) {
    }

    record OldRestoreAssignment(long agentId, Channel channel) {
    }

    record OldGiveBack(long agentId, OldWaitingContact contact) {
    }

    record OldWithdraw(long contactId) {
    }

    record OldAccept(String offerId, long agentId) {
    }

    record OldReject(String offerId, long agentId) {
    }

    record OldOffersOf(long agentId) {
    }

    /** The previous release's answer (no refusal: it never answered one). */
    record OldRoutingAnswer(Offer accepted, String refused, String rejected, List<Offer> offers) {
    }

    record OldRoutingAnswered(String node, String requestId, OldRoutingAnswer answer) {
    }

    private static final OldWaitingContact OLD_WAITING = new OldWaitingContact(7, Channel.WEBCHAT, "billing", 2, AT, 3L,
            "Li Lei", "Where is my parcel?", Map.of("reply", AT.plusSeconds(600)));
    private static final WaitingContact WAITING = new WaitingContact(DEFAULT_WORKSPACE, 7, Channel.WEBCHAT, "billing", 2, AT,
            3L, "Li Lei", "Where is my parcel?", Map.of("reply", AT.plusSeconds(600)));

    @Test
    void everyCommandOfThePreviousReleaseIsReadAsOneOfTheDefaultWorkspace() {
        Map<Object, RoutingCommand> sentAndRead = Map.of(
                new OldChangeState(3, AgentState.AVAILABLE), new RoutingCommand.ChangeState(DEFAULT_WORKSPACE, 3, AgentState.AVAILABLE),
                new OldEnqueueAll(List.of(OLD_WAITING)), new RoutingCommand.EnqueueAll(DEFAULT_WORKSPACE, List.of(WAITING)),
                new OldRelease(3, Channel.PHONE), new RoutingCommand.Release(DEFAULT_WORKSPACE, 3, Channel.PHONE),
                new OldRestoreAssignment(3, Channel.EMAIL), new RoutingCommand.RestoreAssignment(DEFAULT_WORKSPACE, 3, Channel.EMAIL),
                new OldGiveBack(3, OLD_WAITING), new RoutingCommand.GiveBack(DEFAULT_WORKSPACE, 3, WAITING),
                new OldWithdraw(7), new RoutingCommand.Withdraw(DEFAULT_WORKSPACE, 7),
                new OldAccept("abc-1", 3), new RoutingCommand.Accept(DEFAULT_WORKSPACE, "abc-1", 3),
                new OldReject("abc-1", 3), new RoutingCommand.Reject(DEFAULT_WORKSPACE, "abc-1", 3),
                new OldOffersOf(3), new RoutingCommand.OffersOf(DEFAULT_WORKSPACE, 3));
        sentAndRead.forEach((old, expected) -> {
            // The type header names the class, which kept its name.
            assertThat(codec.decodeCommand(expected.getClass().getName(), codec.encode(old), DEFAULT_WORKSPACE))
                    .as(expected.getClass().getSimpleName()).contains(expected);
            // Plain decoding (without the default) refuses it: the workspace is required for a current command.
            assertThat(codec.decode(expected.getClass().getName(), codec.encode(old), RoutingCommand.class))
                    .as(expected.getClass().getSimpleName()).isEmpty();
        });
    }

    @Test
    void aCurrentCommandKeepsItsOwnWorkspace() {
        RoutingCommand command = new RoutingCommand.EnqueueAll(2, List.of(new WaitingContact(2, 7, Channel.WEBCHAT, "billing", 2,
                AT, null, "Li Lei", "hello", Map.of(), 1)));
        assertThat(codec.decodeCommand(command.getClass().getName(), codec.encode(command), DEFAULT_WORKSPACE)).contains(command);
        assertThat(codec.decodeCommand(command.getClass().getName(), "not json".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                DEFAULT_WORKSPACE)).isEmpty();
    }

    @Test
    void answersReadAcrossReleasesBothWays() {
        RoutingAnswered refused = new RoutingAnswered("node-2", "node-2-9", RoutingAnswer.notRoutedHere(), 2L);
        assertThat(codec.decode(RoutingAnswered.class.getName(), codec.encode(refused))).contains(refused);

        OldRoutingAnswered older = new OldRoutingAnswered("node-2", "node-2-10", new OldRoutingAnswer(null, "UNKNOWN_OFFER", null, null));
        assertThat(codec.decode(RoutingAnswered.class.getName(), codec.encode(older)))
                .hasValueSatisfying(read -> {
                    RoutingAnswered answered = (RoutingAnswered) read;
                    assertThat(answered.answer().ownerRefused()).as("an older node's answer: the command ran").isNull();
                    assertThat(answered.workspaceId()).isNull();
                });
        // What an older node reads of a refusal: the fields it knows (Jackson ignores the others).
        assertThat(JsonMapper.builder().build().readValue(codec.encode(refused), OldRoutingAnswered.class).requestId())
                .isEqualTo("node-2-9");
    }
}
