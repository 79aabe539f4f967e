package io.firstline.followup;

import io.firstline.kernel.DomainEvent;

/** A resolved contact needs its follow-up (回访) by {@code task.assigneeId()} before {@code task.dueAt()}. */
public record FollowUpDue(FollowUpView task) implements DomainEvent {
}
