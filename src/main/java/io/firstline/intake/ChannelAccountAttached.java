package io.firstline.intake;

import io.firstline.kernel.WorkspaceEvent;

/** An admin attached a channel account to a workspace: every node reads the accounts again (Kafka mode: from the relay). */
public record ChannelAccountAttached(String channel, String account, long workspaceId) implements WorkspaceEvent {
}
