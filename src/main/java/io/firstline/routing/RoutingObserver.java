package io.firstline.routing;

import java.time.Instant;
import io.firstline.agent.AgentState;
import io.firstline.kernel.Channel;

/**
 * Sees what the routers do, as they do it, for live figures (report). Called on the router
 * thread after each command: implementations must only update memory, never block or do I/O. Every call names the
 * workspace whose router acted (a waiting contact carries it), so figures are kept per workspace.
 */
public interface RoutingObserver {

    /** The contact waits (again); repeated calls for a contact already waiting are possible. */
    default void waiting(WaitingContact contact, Instant at) {
    }

    /** An agent accepted the contact. */
    default void answered(long workspaceId, long contactId, long agentId, Channel channel, Instant at) {
    }

    /** The contact stopped waiting without an agent accepting it (closed or taken by other means). */
    default void withdrawn(long workspaceId, long contactId, Instant at) {
    }

    /** An agent's capacity slot on a channel was freed (contact resolved, transferred or given back). */
    default void released(long workspaceId, long agentId, Channel channel, Instant at) {
    }

    /** At start-up: an open contact the agent already holds counts against their capacity again. */
    default void restored(long workspaceId, long agentId, Channel channel) {
    }

    default void stateChanged(long workspaceId, long agentId, AgentState state, Instant at) {
    }

    /**
     * Kafka mode: the router started over empty, because this node takes the workspace's routing over ({@code owner}:
     * a rebuild from the database follows, told as the calls above) or gave it up to another node.
     */
    default void reset(long workspaceId, boolean owner, Instant at) {
    }
}
