package io.firstline.contact;

import java.time.Instant;

/**
 * A contact's deadline as stored: due and warning instants, when each fired (null while pending), and when its step
 * was done ({@code metAt}, by whom and with what note; null while not met). {@code metOnTime} is true when it was met
 * before its due instant, false when met late, null while not met. {@code withoutHolidayData}: counted in working
 * time across days whose year has no holiday data (weekends skipped, holidays unknown) — shown, not hidden.
 */
public record DeadlineView(String name, Instant dueAt, Instant warnAt, Instant warnedAt, Instant breachedAt,
                           Instant metAt, String metBy, String metNote, Boolean metOnTime, boolean withoutHolidayData) {

    public DeadlineView(String name, Instant dueAt, Instant warnAt, Instant warnedAt, Instant breachedAt,
                        Instant metAt, String metBy, String metNote, boolean withoutHolidayData) {
        this(name, dueAt, warnAt, warnedAt, breachedAt, metAt, metBy, metNote,
                metAt == null ? null : metAt.isBefore(dueAt), withoutHolidayData);
    }

    public DeadlineView(String name, Instant dueAt, Instant warnAt, Instant warnedAt, Instant breachedAt,
                        Instant metAt, String metBy, String metNote) {
        this(name, dueAt, warnAt, warnedAt, breachedAt, metAt, metBy, metNote, false);
    }

    /** A deadline whose step is not done yet. */
    public DeadlineView(String name, Instant dueAt, Instant warnAt, Instant warnedAt, Instant breachedAt) {
        this(name, dueAt, warnAt, warnedAt, breachedAt, null, null, null);
    }

    public boolean met() {
        return metAt != null;
    }
}
