package io.firstline.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class ConsoleHubTest {

    private final ConsoleHub hub = new ConsoleHub(new ConsoleProperties(3, 8),
            Clock.fixed(Instant.parse("2026-11-25T08:00:00Z"), ZoneOffset.UTC));

    @Test
    void framesOfOneAgentAreNumberedInOrder() {
        ConsoleHub.Connection connection = hub.connect(1, null, hub.epoch());
        hub.publish(1, "offer", "a");
        hub.publish(1, "offer.revoked", "b");
        hub.publish(2, "offer", "other agent");

        StepVerifier.create(connection.live().take(2))
                .assertNext(frame -> assertThat(frame.seq()).isEqualTo(1))
                .assertNext(frame -> assertThat(frame).extracting(ConsoleFrame::type, ConsoleFrame::seq)
                        .containsExactly("offer.revoked", 2L))
                .verifyComplete();
    }

    @Test
    void aReconnectingClientGetsExactlyTheFramesItMissed() {
        hub.publish(1, "offer", "a");
        hub.publish(1, "offer", "b");
        hub.publish(1, "offer", "c");

        ConsoleHub.Connection resumed = hub.connect(1, 1L, hub.epoch());

        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.lastSeq()).isEqualTo(3);
        assertThat(resumed.missed()).extracting(ConsoleFrame::data).containsExactly("b", "c");
    }

    @Test
    void aSequenceNumberFromBeforeARestartIsNotResumed() {
        hub.publish(1, "offer", "a");
        hub.publish(1, "offer", "b");

        ConsoleHub.Connection connection = hub.connect(1, 1L, "epoch-of-an-earlier-process");

        assertThat(connection.resumed()).isFalse();
        assertThat(connection.missed()).isEmpty();
    }

    @Test
    void closingAConnectionUnregistersItsSocket() {
        ConsoleHub.Connection connection = hub.connect(1, null, hub.epoch());
        assertThat(hub.connectedSessions(1)).isEqualTo(1);
        connection.close();
        assertThat(hub.connectedSessions(1)).isZero();
    }

    @Test
    void aClientThatMissedMoreThanTheBufferIsToldToTakeTheSnapshot() {
        for (int i = 0; i < 5; i++) {
            hub.publish(1, "offer", i);
        }
        ConsoleHub.Connection connection = hub.connect(1, 0L, hub.epoch());

        assertThat(connection.resumed()).isFalse();
        assertThat(connection.missed()).isEmpty();
    }

    @Test
    void aSocketThatFallsBehindItsQueueIsClosedSoItCanResume() {
        ConsoleHub.Connection slow = hub.connect(1, null, hub.epoch());
        for (int i = 0; i < 9; i++) {
            hub.publish(1, "offer", i);
        }
        assertThat(hub.connectedSessions(1)).isZero();
        StepVerifier.create(slow.live())
                .expectNextCount(8)
                .expectError(ConsoleHub.SlowConsumerException.class)
                .verify(Duration.ofSeconds(5));
    }
}
