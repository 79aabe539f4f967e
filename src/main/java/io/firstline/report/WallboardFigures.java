package io.firstline.report;

import java.time.Instant;
import io.firstline.kernel.TransientEvent;

/**
 * Kafka mode: the live figures of the node that routes the workspace, published for the other nodes' wallboards and
 * queue strips. Only the newest matters: sent best effort, a lost one is replaced by the next.
 *
 * @param source the publishing node's instance (its own are ignored when they come back)
 */
public record WallboardFigures(String source, Instant at, LiveStats.Snapshot figures) implements TransientEvent {
}
