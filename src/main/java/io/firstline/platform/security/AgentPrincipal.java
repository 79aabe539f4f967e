package io.firstline.platform.security;

import java.security.Principal;

/**
 * The logged-in person: an agent, supervisor, manager or admin, and the workspace they belong to (every request acts in
 * that workspace only).
 */
public record AgentPrincipal(long agentId, long workspaceId, String username, String role) implements Principal {

    @Override
    public String getName() {
        return username;
    }

    /**
     * Supervisors, the general manager and admins oversee the whole workspace: they may read any contact and
     * customer archive, and act on contacts as supervision (notes, follow-up, reopen); agents only their own.
     */
    public boolean overseesWorkspace() {
        return "supervisor".equals(role) || "manager".equals(role) || "admin".equals(role);
    }
}
