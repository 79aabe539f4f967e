package io.firstline.handover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rota 08:00–16:00–24:00 in Shanghai: which shift is under way, across midnight too. */
class ShiftRotaTest {

    private final ShiftRota rota = new ShiftRota(List.of(LocalTime.of(16, 0), LocalTime.MIDNIGHT, LocalTime.of(8, 0)),
            ZoneId.of("Asia/Shanghai"));

    private static java.time.Instant at(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }

    @Test
    void theShiftUnderWayRunsFromItsStartToTheNextOne() {
        assertThat(rota.at(at("2026-12-02T09:30:00+08:00")))
                .isEqualTo(new ShiftRota.Shift(at("2026-12-02T08:00:00+08:00"), at("2026-12-02T16:00:00+08:00")));
        assertThat(rota.at(at("2026-12-02T16:00:00+08:00")).start()).isEqualTo(at("2026-12-02T16:00:00+08:00"));
        assertThat(rota.at(at("2026-12-02T23:59:00+08:00")).end()).isEqualTo(at("2026-12-03T00:00:00+08:00"));
        assertThat(rota.at(at("2026-12-03T03:00:00+08:00")))
                .isEqualTo(new ShiftRota.Shift(at("2026-12-03T00:00:00+08:00"), at("2026-12-03T08:00:00+08:00")));
    }
}
