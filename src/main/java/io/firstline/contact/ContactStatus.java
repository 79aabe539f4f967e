package io.firstline.contact;

import io.firstline.DomainModel;

import java.util.Arrays;
import java.util.Locale;

@DomainModel
public enum ContactStatus {
    RECEIVED, QUEUED, OFFERED, IN_PROGRESS, TRANSFERRED, REPLIED, RESOLVED, FOLLOW_UP, CLOSED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Only for decoding stored values: an unknown status there is corrupt data, not a business refusal. */
    public static ContactStatus fromWireName(String wireName) {
        return Arrays.stream(values())
                .filter(status -> status.wireName().equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown contact status: " + wireName));
    }

    /** A new customer message joins an open contact; otherwise it starts a new one. */
    public boolean isOpen() {
        return this != RESOLVED && this != FOLLOW_UP && this != CLOSED;
    }
}
