package io.firstline.intake.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import io.firstline.kernel.Channel;
import io.firstline.intake.InboundEnvelope;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The wire format of the intake topics: a versioned JSON envelope (channels/README.md).
 * Version 1 carries the {@link InboundEnvelope} fields; unknown fields are ignored so
 * producers may add their own.
 */
final class EnvelopeCodec {

    static final int VERSION = 1;

    private final JsonMapper json;

    EnvelopeCodec(JsonMapper json) {
        this.json = json;
    }

    byte[] encode(InboundEnvelope envelope) {
        ObjectNode node = json.createObjectNode()
                .put("version", VERSION)
                .put("channel", envelope.channel().wireName())
                .put("account", envelope.account())
                .put("externalId", envelope.externalId())
                .put("conversationKey", envelope.conversationKey())
                .put("customerHandle", envelope.customerHandle());
        if (envelope.customerName() != null) {
            node.put("customerName", envelope.customerName());
        }
        node.put("text", envelope.text()).put("receivedAt", envelope.receivedAt().toString());
        if (envelope.threadContactId() != null) {
            node.put("threadContactId", envelope.threadContactId().longValue());
        }
        if (envelope.typeHint() != null) {
            node.put("typeHint", envelope.typeHint());
        }
        return json.writeValueAsBytes(node);
    }

    /**
     * Reads a record of the topic of {@code topicChannel}.
     *
     * @param key       the record key; the conversation key when the envelope has none
     * @param timestamp the record's timestamp; the received time when the envelope has none
     * @throws MalformedEnvelopeException saying every problem found
     */
    InboundEnvelope decode(Channel topicChannel, String key, byte[] value, long timestamp) {
        if (value == null) {
            throw new MalformedEnvelopeException("the record has no value");
        }
        JsonNode node;
        try {
            node = json.readTree(value);
        } catch (JacksonException e) {
            throw new MalformedEnvelopeException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new MalformedEnvelopeException("not a JSON object");
        }
        JsonNode version = node.get("version");
        if (version == null || !version.isIntegralNumber()) {
            throw new MalformedEnvelopeException("\"version\" is missing or not an integer");
        }
        if (version.asInt() != VERSION) {
            throw new MalformedEnvelopeException("unsupported envelope version " + version.asInt() + " (this node reads " + VERSION + ")");
        }
        List<String> problems = new ArrayList<>();
        String channelName = text(node, "channel", true, problems);
        Channel channel = channelName == null ? null : Channel.fromWireName(channelName).orElse(null);
        if (channelName != null && channel == null) {
            problems.add("unknown channel \"" + channelName + "\"");
        } else if (channel != null && channel != topicChannel) {
            problems.add("channel \"" + channelName + "\" does not belong on the " + topicChannel.wireName() + " topic");
        }
        String account = text(node, "account", true, problems);
        String externalId = text(node, "externalId", true, problems);
        String customerHandle = text(node, "customerHandle", true, problems);
        String customerName = text(node, "customerName", false, problems);
        String text = text(node, "text", true, problems);
        String conversationKey = text(node, "conversationKey", false, problems);
        if (conversationKey == null) {
            conversationKey = key != null && !key.isBlank() ? key : account + ":" + customerHandle;
        }
        Instant receivedAt = Instant.ofEpochMilli(Math.max(0, timestamp));
        String receivedAtText = text(node, "receivedAt", false, problems);
        if (receivedAtText != null) {
            try {
                receivedAt = Instant.parse(receivedAtText);
            } catch (DateTimeParseException e) {
                problems.add("\"receivedAt\" is not an ISO-8601 instant");
            }
        }
        Long threadContactId = null;
        JsonNode thread = node.get("threadContactId");
        if (thread != null && !thread.isNull()) {
            if (thread.isIntegralNumber() && thread.canConvertToLong()) {
                threadContactId = thread.asLong();
            } else {
                problems.add("\"threadContactId\" must be an integer");
            }
        }
        String typeHint = text(node, "typeHint", false, problems);
        if (!problems.isEmpty()) {
            throw new MalformedEnvelopeException(String.join("; ", problems));
        }
        return new InboundEnvelope(channel, account, externalId, conversationKey, customerHandle, customerName, text, receivedAt,
                threadContactId, typeHint);
    }

    private static String text(JsonNode node, String field, boolean required, List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add("\"" + field + "\" is required");
            }
            return null;
        }
        if (!value.isString() || (required && value.asString().isBlank())) {
            problems.add("\"" + field + "\" must be a non-empty string");
            return null;
        }
        return value.asString();
    }

    static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** The record is not a readable envelope; it goes to the dead-letter topic at once. */
    static final class MalformedEnvelopeException extends RuntimeException {
        MalformedEnvelopeException(String message) {
            super(message);
        }
    }
}
