package io.firstline.contact;

import java.time.Instant;

/** A contact's deadline as stored: due and warning instants, and when each fired (null while pending). */
public record DeadlineView(String name, Instant dueAt, Instant warnAt, Instant warnedAt, Instant breachedAt) {
}
