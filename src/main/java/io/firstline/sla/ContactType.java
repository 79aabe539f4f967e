package io.firstline.sla;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kind of matter a contact is about (DOMAIN §3). */
public enum ContactType {
    INQUIRY, SUGGESTION, COMPLAINT, REPAIR, SERVICE_REQUEST;

    /** Lower-case name used in configuration and JSON: {@code inquiry}, {@code service_request}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ContactType> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(wireName)).findFirst();
    }
}
