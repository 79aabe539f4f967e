package io.firstline.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampWindowTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_767_600_000L);
    private final TimestampWindow window = new TimestampWindow(Duration.ofMinutes(5));

    private static String secondsFromNow(long offset) {
        return Long.toString(NOW.getEpochSecond() + offset);
    }

    @Test
    void aTimestampInsideTheWindowIsFresh() {
        assertThat(window.contains(secondsFromNow(0), NOW)).isTrue();
        assertThat(window.contains(secondsFromNow(-120), NOW)).isTrue();
        assertThat(window.contains(" " + secondsFromNow(10) + "\n", NOW)).isTrue();
    }

    @Test
    void aTimestampExactlyAtTheToleranceIsStillFresh() {
        assertThat(window.contains(secondsFromNow(-300), NOW)).isTrue();
        assertThat(window.contains(secondsFromNow(300), NOW)).isTrue();
    }

    @Test
    void aTimestampOneSecondPastTheToleranceIsStale() {
        assertThat(window.contains(secondsFromNow(-301), NOW)).isFalse();
        assertThat(window.contains("0", NOW)).isFalse();
    }

    @Test
    void aTimestampTooFarInTheFutureIsRefusedToo() {
        assertThat(window.contains(secondsFromNow(301), NOW)).isFalse();
        assertThat(window.contains(secondsFromNow(86_400), NOW)).isFalse();
    }

    @Test
    void aMissingOrUnparsableTimestampIsNeverFresh() {
        assertThat(window.contains(null, NOW)).isFalse();
        assertThat(window.contains("", NOW)).isFalse();
        assertThat(window.contains("   ", NOW)).isFalse();
        assertThat(window.contains("yesterday", NOW)).isFalse();
        assertThat(window.contains(secondsFromNow(0) + ".5", NOW)).isFalse();
        assertThat(window.contains("99999999999999999999", NOW)).isFalse();
    }

    @Test
    void aTimestampWhoseDistanceOverflowsALongIsStaleNotFresh() {
        // now - (Long.MIN_VALUE + now) wraps round to Long.MIN_VALUE, whose Math.abs is negative.
        assertThat(window.contains(Long.toString(Long.MIN_VALUE + NOW.getEpochSecond()), NOW)).isFalse();
        assertThat(window.contains(Long.toString(Long.MIN_VALUE), NOW)).isFalse();
        assertThat(window.contains(Long.toString(Long.MAX_VALUE), NOW)).isFalse();
    }
}
