package io.firstline.channel.webchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The per-conversation numbering, resume buffer and socket bounds of /ws/chat, without the app around them. */
class ChatHubTest {

    private static ChatHub hub(int resumeBuffer, int sessionQueue, int maxConversations) {
        var widget = new WebchatProperties.Widget(Duration.ofHours(1), Duration.ofDays(1), resumeBuffer, sessionQueue,
                maxConversations);
        return new ChatHub(new WebchatProperties(65536, Duration.ofMinutes(5), widget, Map.of()), Clock.systemUTC());
    }

    private static List<Long> seqs(List<ChatHub.ChatFrame> frames) {
        return frames.stream().map(ChatHub.ChatFrame::seq).toList();
    }

    @Test
    void eachConversationNumbersItsOwnFramesAndAResumeGetsExactlyWhatWasMissed() {
        ChatHub hub = hub(10, 10, 100);
        hub.publish("demo:wv-a", "ack", Map.of("clientId", "c-1"));
        hub.publish("demo:wv-b", "ack", Map.of("clientId", "c-1"));
        hub.publish("demo:wv-a", "message", Map.of("id", "r-1"));
        String epoch = hub.connect("demo:wv-a", null, null).epoch();
        hub.publish("demo:wv-a", "message", Map.of("id", "r-2"));

        ChatHub.Connection resumed = hub.connect("demo:wv-a", 1L, epoch);
        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.lastSeq()).isEqualTo(3);
        assertThat(seqs(resumed.missed())).containsExactly(2L, 3L);
        assertThat(hub.connect("demo:wv-b", null, null).lastSeq()).isEqualTo(1);
    }

    @Test
    void aResumeFromAnotherEpochOrBeyondTheBufferGetsTheWholeBufferAndSaysSo() {
        ChatHub hub = hub(3, 10, 100);
        for (int i = 0; i < 5; i++) {
            hub.publish("demo:wv-a", "message", Map.of("id", "r-" + i));
        }
        String epoch = hub.connect("demo:wv-a", null, null).epoch();
        ChatHub.Connection tooOld = hub.connect("demo:wv-a", 1L, epoch);
        assertThat(tooOld.resumed()).isFalse();
        assertThat(seqs(tooOld.missed())).containsExactly(3L, 4L, 5L);
        ChatHub.Connection otherEpoch = hub.connect("demo:wv-a", 4L, "some-other-epoch");
        assertThat(otherEpoch.resumed()).isFalse();
        assertThat(seqs(otherEpoch.missed())).containsExactly(3L, 4L, 5L);
    }

    @Test
    void aSocketThatFallsBehindItsQueueIsClosedAndTheOthersKeepGoing() {
        ChatHub hub = hub(10, 2, 100);
        ChatHub.Connection slow = hub.connect("demo:wv-a", null, null);
        for (int i = 0; i < 3; i++) {
            hub.publish("demo:wv-a", "message", Map.of("id", "r-" + i));
        }
        StepVerifier.create(slow.live()).expectNextCount(2).expectError(ChatHub.SlowConsumerException.class)
                .verify(Duration.ofSeconds(1));
        assertThat(hub.connectedSessions("demo:wv-a")).isZero();
    }

    @Test
    void aRepeatedAcknowledgementIsTheBufferedOneWithItsOwnSeq() {
        ChatHub hub = hub(10, 10, 100);
        hub.publish("demo:wv-a", "ack", Map.of("clientId", "c-1"));
        hub.publish("demo:wv-a", "message", Map.of("id", "r-1"));
        ChatHub.Connection connection = hub.connect("demo:wv-a", 2L, hub.connect("demo:wv-a", null, null).epoch());
        connection.reAck("c-1", Map.of("clientId", "c-1"));
        connection.reAck("c-9", Map.of("clientId", "c-9"));
        connection.close();
        StepVerifier.create(connection.live().take(2))
                .assertNext(frame -> assertThat(frame.seq()).isEqualTo(1))
                .assertNext(frame -> assertThat(frame.seq()).isEqualTo(2))
                .verifyComplete();
    }

    @Test
    void idleConversationsBeyondTheLimitAreForgottenButConnectedOnesStay() {
        ChatHub hub = hub(10, 10, 2);
        ChatHub.Connection open = hub.connect("demo:wv-0", null, null);
        for (int i = 1; i <= 5; i++) {
            hub.publish("demo:wv-" + i, "message", Map.of("id", "r"));
        }
        assertThat(hub.connectedSessions("demo:wv-0")).isEqualTo(1);
        assertThat(hub.connect("demo:wv-1", null, null).lastSeq()).isZero();
        open.close();
    }
}
