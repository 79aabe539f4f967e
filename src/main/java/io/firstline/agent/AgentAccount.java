package io.firstline.agent;

import java.time.Instant;
import java.util.Set;

/** An agent as stored: who they are, which workspace they belong to, what they may do, what they can handle. */
public record AgentAccount(long id, long workspaceId, String username, String displayName, String passwordHash, String role,
                           AgentState state, Instant stateSince, Set<String> skills) {

    public AgentView view() {
        return new AgentView(id, username, displayName, role, state.wireName(), stateSince, skills);
    }
}
