package io.firstline.cluster;

import java.util.Optional;
import io.firstline.kernel.DomainEvent;
import io.firstline.routing.RoutingCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An event on {@code firstline.events}: its JSON as the value, its class in a header. Only Firstline's own
 * {@link DomainEvent} types are read back; anything else is refused (empty).
 */
final class ClusterEventCodec {

    static final String TYPE_HEADER = "firstline.event";
    static final String ORIGIN_HEADER = "firstline.origin";
    private static final String WORKSPACE = "workspaceId";

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

    /**
     * A routing command; one written by a node of the previous release (before commands and waiting contacts named
     * their workspace, 3 December) is read as one of {@code defaultWorkspaceId}, the only workspace that release
     * routed, so a rolling upgrade needs no stop of every node.
     */
    Optional<RoutingCommand> decodeCommand(String type, byte[] value, long defaultWorkspaceId) {
        try {
            JsonNode tree = json.readTree(value);
            if (tree instanceof ObjectNode command && !command.has(WORKSPACE)) {
                command.put(WORKSPACE, defaultWorkspaceId);
                if (command.get("contact") instanceof ObjectNode contact && !contact.has(WORKSPACE)) { // GiveBack
                    contact.put(WORKSPACE, defaultWorkspaceId);
                }
                if (command.get("contacts") instanceof ArrayNode contacts) { // EnqueueAll
                    for (JsonNode element : contacts) {
                        if (element instanceof ObjectNode contact && !contact.has(WORKSPACE)) {
                            contact.put(WORKSPACE, defaultWorkspaceId);
                        }
                    }
                }
                return decode(type, json.writeValueAsBytes(command), RoutingCommand.class);
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return decode(type, value, RoutingCommand.class);
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
