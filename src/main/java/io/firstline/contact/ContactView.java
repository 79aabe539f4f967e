package io.firstline.contact;

import java.time.Instant;
import java.util.List;

/** A contact as agents see it through the API and on the console. */
public record ContactView(long id, String channel, String status, String type, String severity, String repairClass,
                          int priority, Party customer, QueueRef queue, Party assignee, Party firstResponder,
                          Instant openedAt, Instant updatedAt, List<DeadlineView> deadlines, List<MessageView> messages) {

    public record Party(long id, String name) {
    }

    public record QueueRef(long id, String code) {
    }

    /** {@code delivery}: received (inbound), sent, or failed with {@code deliveryError} saying why. */
    public record MessageView(long id, String direction, String author, String text, Instant at, String delivery,
                              String deliveryError) {
    }
}
