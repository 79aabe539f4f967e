package io.firstline.channel.webchat;

import java.util.LinkedHashMap;
import java.util.Map;
import io.firstline.kernel.DomainEvent;
import io.firstline.kernel.DomainEventListener;
import org.springframework.stereotype.Component;

/** Puts agents' replies, posted on this node or another one, into the visitor's conversation on this node. */
@Component
class WidgetReplies implements DomainEventListener {

    private static final java.util.List<String> FIELD_ORDER = java.util.List.of("id", "from", "text", "agentName");

    private final ChatHub chat;

    WidgetReplies(ChatHub chat) {
        this.chat = chat;
    }

    @Override
    public boolean accepts(Class<? extends DomainEvent> type) {
        return type == WidgetReplyPosted.class;
    }

    @Override
    public void on(DomainEvent event) {
        WidgetReplyPosted reply = (WidgetReplyPosted) event;
        Map<String, Object> fields = new LinkedHashMap<>();
        FIELD_ORDER.forEach(name -> {
            if (reply.fields().containsKey(name)) {
                fields.put(name, reply.fields().get(name));
            }
        });
        fields.putAll(reply.fields());
        chat.publish(reply.handle(), "message", fields);
    }
}
