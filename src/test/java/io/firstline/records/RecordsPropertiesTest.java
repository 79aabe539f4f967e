package io.firstline.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Complaint records are kept at least a year (DOMAIN §7): a shorter setting stops the start. */
class RecordsPropertiesTest {

    @Test
    void complaintsAreKeptAtLeastAYear() {
        assertThatThrownBy(() -> new RecordsProperties(Map.of("complaint", Duration.ofDays(200)), Duration.ofDays(730),
                Duration.ofHours(1), 500)).hasMessageContaining("at least 365 days");
        assertThatThrownBy(() -> new RecordsProperties(Map.of(), Duration.ofDays(100), Duration.ofHours(1), 500))
                .as("the default applies to complaints when they are not listed").hasMessageContaining("at least 365 days");
        RecordsProperties fine = new RecordsProperties(Map.of("inquiry", Duration.ofDays(30)), Duration.ofDays(730),
                Duration.ofHours(1), 500);
        assertThat(fine.retentionOf("inquiry")).isEqualTo(Duration.ofDays(30));
        assertThat(fine.retentionOf("complaint")).isEqualTo(Duration.ofDays(730));
    }
}
