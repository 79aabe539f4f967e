package io.firstline.sla;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Size class of a repair (报修), which decides its deadline (DOMAIN §3): small (e.g. pipe ≤ 300 mm) 24 h,
 * medium (300–1000 mm) 48 h, large (≥ 1000 mm) 72 h. Part of a repair policy's {@link PolicyKey}.
 */
public enum RepairClass {
    SMALL, MEDIUM, LARGE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RepairClass> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(wireName)).findFirst();
    }
}
