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
    ANALYSED,
    /** A deadline's step was done by hand, with a note ("investigation started"). */
    DEADLINE_MET,
    /** A manager put the contact under legal hold (kept past its retention), or lifted it; the detail is the reason. */
    LEGAL_HOLD_SET, LEGAL_HOLD_LIFTED,
    /** Holiday data loaded for a year moved an open deadline; the detail says who loaded it, the old and new due time. */
    DEADLINE_MOVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
