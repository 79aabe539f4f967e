package io.firstline.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import io.firstline.sla.SlaTimer.Kind;
import org.junit.jupiter.api.Test;

class SlaTimerQueueTest {

    private static final Instant T0 = Instant.parse("2026-11-25T01:00:00Z");
    private final SlaTimerQueue queue = new SlaTimerQueue();

    private static SlaTimer timer(long contact, Kind kind, long minutes) {
        return new SlaTimer(contact, "reply", kind, T0.plus(Duration.ofMinutes(minutes)));
    }

    @Test
    void firesEachTimerOnceInTimeOrder() {
        queue.schedule(1, List.of(timer(1, Kind.WARNING, 45), timer(1, Kind.BREACH, 60)));
        queue.schedule(2, List.of(timer(2, Kind.WARNING, 30)));

        assertThat(queue.takeDue(T0.plus(Duration.ofMinutes(29)))).isEmpty();
        assertThat(queue.takeDue(T0.plus(Duration.ofMinutes(50))))
                .containsExactly(timer(2, Kind.WARNING, 30), timer(1, Kind.WARNING, 45));
        assertThat(queue.takeDue(T0.plus(Duration.ofMinutes(50)))).isEmpty();
        assertThat(queue.takeDue(T0.plus(Duration.ofHours(5)))).containsExactly(timer(1, Kind.BREACH, 60));
        assertThat(queue.size()).isZero();
    }

    @Test
    void reschedulingReplacesAndCancellingRemovesAContactsTimers() {
        queue.schedule(1, List.of(timer(1, Kind.BREACH, 60)));
        queue.schedule(1, List.of(timer(1, Kind.BREACH, 120)));
        queue.schedule(2, List.of(timer(2, Kind.BREACH, 10)));
        queue.cancel(2);

        assertThat(queue.takeDue(T0.plus(Duration.ofMinutes(90)))).isEmpty();
        assertThat(queue.takeDue(T0.plus(Duration.ofMinutes(120)))).containsExactly(timer(1, Kind.BREACH, 120));
    }

    @Test
    void aTimerThatPassedWhileNobodyLookedFiresAtTheNextTick() {
        queue.schedule(7, List.of(timer(7, Kind.BREACH, -600)));
        assertThat(queue.takeDue(T0)).containsExactly(timer(7, Kind.BREACH, -600));
    }

    @Test
    void holdsAHundredThousandOpenContactsAndFiresOnlyWhatIsDue() {
        for (long contact = 1; contact <= 100_000; contact++) {
            queue.schedule(contact, List.of(timer(contact, Kind.WARNING, contact), timer(contact, Kind.BREACH, contact + 60)));
        }
        List<SlaTimer> due = new ArrayList<>(queue.takeDue(T0.plus(Duration.ofMinutes(10))));
        assertThat(due).hasSize(10).allMatch(t -> t.kind() == Kind.WARNING);
        assertThat(queue.size()).isEqualTo(200_000 - 10);
    }
}
