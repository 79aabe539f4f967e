package io.firstline.followup;

import java.time.Instant;

/** A follow-up (回访) task and, once done, its outcome. */
public record FollowUpView(long id, long contactId, long assigneeId, Instant dueAt, Instant createdAt, String status,
                           String outcome, Integer satisfaction, Boolean satisfied, String comment, Instant doneAt) {
}
