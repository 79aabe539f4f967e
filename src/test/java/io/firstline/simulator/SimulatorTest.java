package io.firstline.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.firstline.support.AppTestBase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/** The demo simulator against this very instance: signed webhooks on all four channels become contacts. */
@TestPropertySource(properties = {"firstline.db.name=firstline_test_sim", "firstline.simulator.enabled=true",
        "firstline.simulator.rate-per-minute=600"})
// The simulator keeps posting while its context lives: close it after this class, so no other test sees the traffic.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SimulatorTest extends AppTestBase {

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private Simulator simulator;

    @Test
    void signedWebhooksOnEveryChannelBecomeContactsAndAreAllAccepted() throws InterruptedException {
        assertThat(simulator.isRunning()).isTrue();
        for (String channel : List.of("webchat", "wechat", "email", "phone")) {
            awaitCount("SELECT count(*) FROM contact WHERE channel = $1", channel);
        }
        // Follow-ups join their customer's open contact: messages outnumber contacts on the message channels.
        awaitCount("SELECT count(*) FROM (SELECT contact_id FROM message GROUP BY contact_id HAVING count(*) > 1) joined");

        // A contact is visible once its transaction committed, a moment before the simulator has read the answer
        // and counted it: wait (with a deadline) until every channel's answers are counted.
        Map<String, Double> byChannel = sentByChannel();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (byChannel.size() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(50); // pause between polls, bounded by the deadline above
            byChannel = sentByChannel();
        }
        assertThat(byChannel.keySet()).containsExactlyInAnyOrder("webchat", "wechat", "email", "phone");
        assertThat(byChannel.values()).allMatch(count -> count > 0);
    }

    /** Answers counted so far per channel; every one of them must be a 2xx. */
    private Map<String, Double> sentByChannel() {
        Map<String, Double> byChannel = new HashMap<>();
        for (Counter counter : meters.find("firstline.simulator.sent").counters()) {
            String status = counter.getId().getTag("status");
            assertThat(status).as("answer to a simulated %s webhook", counter.getId().getTag("channel")).startsWith("2");
            byChannel.merge(counter.getId().getTag("channel"), counter.count(), Double::sum);
        }
        return byChannel;
    }
}
