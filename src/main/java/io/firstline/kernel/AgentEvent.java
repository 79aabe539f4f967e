package io.firstline.kernel;

/**
 * An event about one agent: it belongs to that agent's workspace (agents never move between workspaces), which a relay
 * to other nodes keys it by. The records implement it with their {@code agentId} component.
 */
public interface AgentEvent extends DomainEvent {

    long agentId();
}
