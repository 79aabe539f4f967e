package io.firstline.report;

import java.time.Instant;
import io.firstline.kernel.TransientEvent;
import io.firstline.kernel.WorkspaceEvent;

/**
 * Kafka mode: one workspace's live figures, published by the node that routes it for the other nodes' wallboards
 * and queue strips of that workspace. Only the newest matters: sent best effort, a lost one is replaced by the next.
 * Keyed on {@code firstline.events} by its workspace, as that workspace's other events are.
 *
 * @param source      the publishing node's instance (its own are ignored when they come back)
 * @param workspaceId the workspace the figures are of
 */
public record WallboardFigures(String source, long workspaceId, Instant at, LiveStats.Snapshot figures) implements TransientEvent, WorkspaceEvent {
}
