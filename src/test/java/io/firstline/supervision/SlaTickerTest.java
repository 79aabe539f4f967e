package io.firstline.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import io.firstline.contact.DeadlineView;
import io.firstline.sla.SlaTimer;
import io.firstline.sla.SlaTimer.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Warning, breach and escalation fire on time, once each, in virtual time. */
class SlaTickerTest {

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final Instant start = Instant.ofEpochMilli(time.now(TimeUnit.MILLISECONDS));
    private final List<SlaTimer> fired = new CopyOnWriteArrayList<>();
    private final SlaTicker ticker = new SlaTicker(timer -> Mono.fromRunnable(() -> fired.add(timer)),
            new VirtualClock(time), Duration.ofHours(24));
    private Disposable ticking;

    @AfterEach
    void stop() {
        if (ticking != null) {
            ticking.dispose();
        }
    }

    @Test
    void warnsAtSeventyFivePercentBreachesAtTheDeadlineAndEscalatesADayLater() {
        Instant due = start.plus(Duration.ofHours(24));
        ticker.watch(1, List.of(new DeadlineView("reply", due, start.plus(Duration.ofHours(18)), null, null)));
        ticking = ticker.start(Duration.ofSeconds(1), time);

        time.advanceTimeBy(Duration.ofHours(18).minusSeconds(1));
        assertThat(fired).isEmpty();
        time.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(fired).extracting(SlaTimer::kind).containsExactly(Kind.WARNING);

        time.advanceTimeBy(Duration.ofHours(6));
        assertThat(fired).extracting(SlaTimer::kind).containsExactly(Kind.WARNING, Kind.BREACH);

        time.advanceTimeBy(Duration.ofHours(24));
        assertThat(fired).extracting(SlaTimer::kind).containsExactly(Kind.WARNING, Kind.BREACH, Kind.ESCALATION);
        assertThat(fired).allMatch(timer -> timer.contactId() == 1 && timer.deadline().equals("reply"));

        time.advanceTimeBy(Duration.ofDays(10));
        assertThat(fired).hasSize(3);
    }

    @Test
    void aResolvedContactNoLongerFires() {
        ticker.watch(2, List.of(new DeadlineView("resolve", start.plus(Duration.ofHours(1)),
                start.plus(Duration.ofMinutes(45)), null, null)));
        ticking = ticker.start(Duration.ofSeconds(1), time);

        time.advanceTimeBy(Duration.ofMinutes(50));
        ticker.forget(2);
        time.advanceTimeBy(Duration.ofDays(3));

        assertThat(fired).extracting(SlaTimer::kind).containsExactly(Kind.WARNING);
    }

    @Test
    void aDeadlineThatPassedWhileTheNodeWasDownFiresAtTheFirstTickAndAnAlreadyFiredWarningDoesNot() {
        Instant longAgo = start.minus(Duration.ofHours(5));
        ticker.watch(3, List.of(new DeadlineView("acknowledge", longAgo, longAgo.minus(Duration.ofHours(6)),
                longAgo.minus(Duration.ofHours(6)), null)));
        ticking = ticker.start(Duration.ofSeconds(1), time);

        time.advanceTimeBy(Duration.ofSeconds(1));

        assertThat(fired).extracting(SlaTimer::kind).containsExactly(Kind.BREACH);
    }

    /** Reads the virtual scheduler's time, so deadlines and ticks share one clock. */
    private static final class VirtualClock extends Clock {
        private final VirtualTimeScheduler time;

        VirtualClock(VirtualTimeScheduler time) {
            this.time = time;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(time.now(TimeUnit.MILLISECONDS));
        }
    }
}
