package io.firstline.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/** The "ring this agent" callbacks wait in a bounded queue: ringing never waits for the PBX, and overflow is recorded. */
class PbxCallbacksTest {

    private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    record Result(String callId, Instant at, String error) {
    }

    /** The call table as far as callbacks go: what was recorded about each callback. */
    static final class RecordedCalls extends PhoneCalls {
        final List<Result> results = new CopyOnWriteArrayList<>();

        RecordedCalls() {
            super(null);
        }

        @Override
        Mono<Void> callbackResult(String callId, Instant at, String error) {
            return Mono.fromRunnable(() -> results.add(new Result(callId, at, error)));
        }
    }

    private final RecordedCalls calls = new RecordedCalls();
    // No account has a callback-url: every callback that is sent ends as "no callback-url configured".
    private final PbxCallbacks callbacks = new PbxCallbacks(calls,
            new PhoneProperties(0, null, null, null, null, null, 0, Map.of()), JsonMapper.builder().build(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void stop() {
        callbacks.stop();
    }

    private static PhoneCalls.Call call(int i) {
        return new PhoneCalls.Call("ari-" + i, "demo", PhoneCalls.FORM_GENERIC, (long) i, "+4930100" + i, "+4930200",
                CallStatus.QUEUED, NOW, NOW, null, null, null);
    }

    @Test
    void ringingCompletesAtOnceAndACallbackBeyondTheQueuesBoundIsRecordedAsNotSent() {
        for (int i = 0; i < PbxCallbacks.QUEUE; i++) {
            StepVerifier.create(callbacks.ring(call(i), 7L, "sip:agent@pbx")).verifyComplete();
        }
        assertThat(calls.results).isEmpty();

        StepVerifier.create(callbacks.ring(call(PbxCallbacks.QUEUE), 7L, "sip:agent@pbx")).verifyComplete();

        assertThat(calls.results).containsExactly(new Result("ari-" + PbxCallbacks.QUEUE, NOW,
                "not sent: " + PbxCallbacks.QUEUE + " callbacks were waiting"));
    }

    @Test
    void theCallbacksQueuedBeforeTheWorkerStartedAreSentOnceItStarts() throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            StepVerifier.create(callbacks.ring(call(i), 7L, "sip:agent@pbx")).verifyComplete();
        }

        callbacks.start();

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (calls.results.size() < 20 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(calls.results).hasSize(20)
                .allSatisfy(result -> assertThat(result.error()).isEqualTo("no callback-url configured"))
                .extracting(Result::callId).doesNotHaveDuplicates();
    }
}
