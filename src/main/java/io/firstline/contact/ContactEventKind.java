package io.firstline.contact;

import java.util.Locale;

public enum ContactEventKind {
    RECEIVED, QUEUED, OFFERED, ACCEPTED, REPLIED, CUSTOMER_WROTE, TRANSFERRED, RESOLVED, FOLLOW_UP_STARTED, CLOSED, REOPENED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
