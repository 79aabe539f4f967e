package io.firstline.routing;

import io.firstline.agent.AgentAccount;

/** What routing needs to know about an agent. */
final class AgentProfiles {

    private AgentProfiles() {
    }

    public static AgentProfile of(long workspaceId, AgentAccount account) {
        return new AgentProfile(workspaceId, account.id(), account.username(), account.skills());
    }
}
