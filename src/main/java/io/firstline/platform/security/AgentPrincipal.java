package io.firstline.platform.security;

import java.security.Principal;

/** The logged-in person: an agent, supervisor or admin. */
public record AgentPrincipal(long agentId, String username, String role) implements Principal {

    @Override
    public String getName() {
        return username;
    }

    public boolean isSupervisorOrAdmin() {
        return "supervisor".equals(role) || "admin".equals(role);
    }
}
