package io.firstline.records;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Records retention ({@code firstline.records.*}).
 *
 * @param retention        how long a resolved or closed contact is kept, by contact type (after its last change)
 * @param defaultRetention for types not listed
 * @param purgeEvery       how often the purge runs
 * @param purgeBatch       contacts purged per transaction at most
 */
@ConfigurationProperties("firstline.records")
record RecordsProperties(Map<String, Duration> retention, @DefaultValue("730d") Duration defaultRetention,
                         @DefaultValue("1h") Duration purgeEvery, @DefaultValue("500") int purgeBatch) {

    /** DOMAIN §7: complaint records are kept at least one year. */
    static final Duration COMPLAINT_MINIMUM = Duration.ofDays(365);

    RecordsProperties {
        retention = retention == null ? Map.of("complaint", Duration.ofDays(365 * 3)) : Map.copyOf(retention);
        Duration complaint = retention.getOrDefault("complaint", defaultRetention);
        if (complaint.compareTo(COMPLAINT_MINIMUM) < 0) {
            throw new IllegalArgumentException("firstline.records.retention.complaint must be at least 365 days (DOMAIN §7), was "
                    + complaint.toDays() + " days");
        }
        retention.forEach((type, kept) -> {
            if (kept.isNegative() || kept.isZero()) {
                throw new IllegalArgumentException("firstline.records.retention." + type + " must be positive");
            }
        });
        if (purgeBatch < 1) {
            throw new IllegalArgumentException("firstline.records.purge-batch must be positive");
        }
    }

    Duration retentionOf(String type) {
        return retention.getOrDefault(type, defaultRetention);
    }
}
