package io.firstline.contact;

import io.firstline.DomainModel;

import java.util.Locale;

@DomainModel
public enum ContactEventKind {
    RECEIVED, QUEUED, OFFERED, ACCEPTED, REPLIED, CUSTOMER_WROTE, TRANSFERRED, RESOLVED, FOLLOW_UP_STARTED, CLOSED, REOPENED,
    RECLASSIFIED, DEADLINE_EXTENDED, SLA_WARNING, ESCALATED, FOLLOW_UP_RECORDED, REPLY_FAILED,
    /** The contact's customer was found to be another customer and merged into them (customer archive). */
    CUSTOMER_MERGED,
    /** Its cause, responsible department, disposition or complaint validity was recorded (reports, issue 11). */
    ANALYSED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
