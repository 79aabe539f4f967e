package io.firstline.sla;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Severity of a contact; a {@link #MAJOR} matter (重大事项) is escalated at once (DOMAIN §3). */
public enum Severity {
    NORMAL, MAJOR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Severity> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(wireName)).findFirst();
    }
}
