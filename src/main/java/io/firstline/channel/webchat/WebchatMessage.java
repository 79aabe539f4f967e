package io.firstline.channel.webchat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.firstline.kernel.StorableText;
import io.firstline.sla.ContactType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The web-chat webhook body, validated field by field so a refusal says what was wrong. */
record WebchatMessage(String visitorId, String messageId, String text, String name, String category) {

    static final int MAX_ID = 200;
    static final int MAX_TEXT = 10_000;

    /** Either the message or the list of problems with the body. */
    record Parsed(WebchatMessage message, List<String> problems) {
    }

    static Parsed parse(JsonMapper json, byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            return new Parsed(null, List.of("body is not valid JSON: " + e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            return new Parsed(null, List.of("body must be a JSON object"));
        }
        List<String> problems = new ArrayList<>();
        String visitorId = requiredText(root, "visitorId", MAX_ID, problems);
        String messageId = requiredText(root, "messageId", MAX_ID, problems);
        String text = requiredText(root, "text", MAX_TEXT, problems);
        String name = null;
        JsonNode nameNode = root.get("name");
        if (nameNode != null && !nameNode.isNull()) {
            if (!nameNode.isString()) {
                problems.add("name must be a string");
            } else if (nameNode.asString().length() > MAX_ID) {
                problems.add("name must be at most " + MAX_ID + " characters");
            } else if (StorableText.problem("name", nameNode.asString()).isPresent()) {
                problems.add(StorableText.problem("name", nameNode.asString()).get());
            } else {
                name = nameNode.asString().strip();
            }
        }
        String category = null;
        JsonNode categoryNode = root.get("category");
        if (categoryNode != null && !categoryNode.isNull()) {
            category = categoryNode.isString() ? categoryNode.asString() : "";
            if (ContactType.fromWireName(category).isEmpty()) {
                problems.add("category must be one of inquiry, suggestion, complaint, repair, service_request");
            }
        }
        return problems.isEmpty() ? new Parsed(new WebchatMessage(visitorId, messageId, text, name, category), List.of())
                : new Parsed(null, problems);
    }

    private static String requiredText(JsonNode root, String field, int max, List<String> problems) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            problems.add(field + " is required");
            return null;
        }
        if (!node.isString() || node.asString().isBlank()) {
            problems.add(field + " must be a non-empty string");
            return null;
        }
        if (node.asString().length() > max) {
            problems.add(field + " must be at most " + max + " characters");
            return null;
        }
        Optional<String> unstorable = StorableText.problem(field, node.asString());
        unstorable.ifPresent(problems::add);
        return unstorable.isPresent() ? null : node.asString();
    }
}
