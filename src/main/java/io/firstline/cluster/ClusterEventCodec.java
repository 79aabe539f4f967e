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

    byte[] encode(Object value) {
        return json.writeValueAsBytes(value);
    }

    Optional<DomainEvent> decode(String type, byte[] value) {
        return decode(type, value, DomainEvent.class);
    }

    /** A value of {@code type}, which must be one of Firstline's own types and a {@code bound}. */
    <T> Optional<T> decode(String type, byte[] value, Class<T> bound) {
        if (type == null || !type.startsWith("io.firstline.")) {
            return Optional.empty();
        }
        try {
            Class<?> found = Class.forName(type, false, ClusterEventCodec.class.getClassLoader());
            if (!bound.isAssignableFrom(found)) {
                return Optional.empty();
            }
            return Optional.of(bound.cast(json.readValue(value, found)));
        } catch (ClassNotFoundException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
