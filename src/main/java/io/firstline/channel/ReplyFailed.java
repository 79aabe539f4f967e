package io.firstline.channel;

import io.firstline.kernel.AgentEvent;

/** An agent's reply could not be delivered; it is stored as failed with the provider's code and reason. */
public record ReplyFailed(long agentId, long contactId, long messageId, String code, String reason) implements AgentEvent {
}
