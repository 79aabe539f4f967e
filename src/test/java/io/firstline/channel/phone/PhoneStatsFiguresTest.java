package io.firstline.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhoneStatsFiguresTest {

    private static final Instant T = Instant.parse("2026-01-05T08:00:00Z");

    private static PhoneStatsFigures.Call answered(int afterSeconds) {
        return new PhoneStatsFigures.Call(T, T.plusSeconds(afterSeconds), null, null);
    }

    private static PhoneStatsFigures.Call abandoned(int afterSeconds) {
        return new PhoneStatsFigures.Call(T, null, T.plusSeconds(afterSeconds), null);
    }

    @Test
    void serviceLevelAndAbandonRateOnAFixedSetOfCalls() {
        List<PhoneStatsFigures.Call> calls = List.of(
                answered(5), answered(20), answered(21), answered(60), // 2 of 4 within 20 s (20 s itself counts)
                abandoned(3), abandoned(4),                              // short abandons: not counted
                abandoned(5), abandoned(30),                             // real abandons
                new PhoneStatsFigures.Call(T, null, null, T.plusSeconds(40)), // no answer
                new PhoneStatsFigures.Call(T, null, null, null));        // still waiting
        var figures = PhoneStatsFigures.of(calls, Duration.ofSeconds(20), Duration.ofSeconds(5));

        assertThat(figures.calls()).isEqualTo(10);
        assertThat(figures.shortAbandoned()).isEqualTo(2);
        assertThat(figures.offered()).isEqualTo(8);
        assertThat(figures.answered()).isEqualTo(4);
        assertThat(figures.answeredWithinThreshold()).isEqualTo(2);
        assertThat(figures.abandoned()).isEqualTo(2);
        assertThat(figures.noAnswer()).isEqualTo(1);
        assertThat(figures.serviceLevel()).isEqualTo(2.0 / 6);   // 2 / (4 answered + 2 real abandons)
        assertThat(figures.abandonRate()).isEqualTo(2.0 / 8);    // 2 real abandons / 8 offered
    }

    @Test
    void noCallsHaveNoRatios() {
        var figures = PhoneStatsFigures.of(List.of(), Duration.ofSeconds(20), Duration.ofSeconds(5));
        assertThat(figures.serviceLevel()).isNull();
        assertThat(figures.abandonRate()).isNull();
    }

    @Test
    void callerNumbersBecomeE164() {
        assertThat(PhoneNumbers.handle("+86 138-0013-8000", "CA1", "86")).isEqualTo("+8613800138000");
        assertThat(PhoneNumbers.handle("008613800138000", "CA1", "86")).isEqualTo("+8613800138000");
        assertThat(PhoneNumbers.handle("anonymous", "CA1", "86")).isEqualTo("anonymous:CA1");
        assertThat(PhoneNumbers.handle(null, "CA2", "86")).isEqualTo("anonymous:CA2");
        assertThat(PhoneNumbers.handle("client:alice", "CA1", "86")).isEqualTo("client:alice");
        // A PBX that delivers the caller id the national way: the same customer as +8613800138000.
        assertThat(PhoneNumbers.handle("13800138000", "CA3", "86")).isEqualTo("+8613800138000");
        assertThat(PhoneNumbers.handle("010-8888-6666", "CA3", "86")).isEqualTo("+861088886666");
    }
}
