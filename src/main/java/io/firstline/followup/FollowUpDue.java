package io.firstline.followup;

import io.firstline.kernel.AgentEvent;

/** A resolved contact needs its follow-up (回访) by {@code task.assigneeId()} before {@code task.dueAt()}. */
public record FollowUpDue(FollowUpView task) implements AgentEvent {

    /** The task's assignee, who is told: the event is of their workspace. */
    @Override
    public long agentId() {
        return task.assigneeId();
    }
}
