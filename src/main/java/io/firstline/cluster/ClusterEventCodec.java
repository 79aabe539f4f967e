package io.firstline.cluster;

import java.util.Optional;
import io.firstline.kernel.DomainEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * An event on {@code firstline.events}: its JSON as the value, its class in a header. Only Firstline's own
 * {@link DomainEvent} types are read back; anything else is refused (empty).
 */
final class ClusterEventCodec {

    static final String TYPE_HEADER = "firstline.event";
    static final String ORIGIN_HEADER = "firstline.origin";

    private final JsonMapper json;

    ClusterEventCodec(JsonMapper json) {
        this.json = json;
    }

    byte[] encode(DomainEvent event) {
        return json.writeValueAsBytes(event);
    }

    Optional<DomainEvent> decode(String type, byte[] value) {
        if (type == null || !type.startsWith("io.firstline.")) {
            return Optional.empty();
        }
        try {
            Class<?> found = Class.forName(type, false, ClusterEventCodec.class.getClassLoader());
            if (!DomainEvent.class.isAssignableFrom(found)) {
                return Optional.empty();
            }
            return Optional.of((DomainEvent) json.readValue(value, found));
        } catch (ClassNotFoundException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
