package io.firstline.routing;

import io.firstline.agent.AgentState;
import io.firstline.kernel.AgentEvent;
import java.time.Instant;

/** Routing changed an agent's state on its own (e.g. away after missed offers), with why. */
public record AgentPresenceChanged(long agentId, AgentState state, Instant since, String reason) implements AgentEvent {
}
