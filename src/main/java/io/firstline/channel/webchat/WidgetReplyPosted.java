package io.firstline.channel.webchat;

import java.util.Map;
import io.firstline.kernel.DomainEvent;

/**
 * An agent's reply for a widget visitor ({@code handle} = account:visitor), with the fields of its chat frame. It goes
 * through the event bus, so it reaches the visitor's sockets on whichever node they are connected to.
 */
public record WidgetReplyPosted(String handle, Map<String, Object> fields) implements DomainEvent {

    public WidgetReplyPosted {
        fields = Map.copyOf(fields);
    }
}
