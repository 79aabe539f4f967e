package io.firstline.channel.webchat;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import io.firstline.kernel.Channel;
import io.firstline.kernel.StorableText;
import io.firstline.platform.web.Failures;
import io.firstline.intake.InboundEnvelope;
import io.firstline.intake.IntakeFullException;
import io.firstline.intake.IntakeLog;
import io.firstline.intake.IntakeProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * /ws/chat?token=&lt;visitor token&gt;[&amp;epoch=..&amp;resumeAfter=&lt;seq&gt;]: one widget visitor's conversation, both ways.
 * Server frames: {@code hello} (the conversation's last seq, its epoch, whether the resume was exact), then the
 * buffered frames after {@code resumeAfter}, then live ones: {@code ack} (a visitor message is durable) and
 * {@code message} (an agent's reply); {@code error} answers a frame that was refused or could not be stored yet.
 * Visitor frames: {@code {"type":"message","clientId","text"}}. A message goes through {@link IntakeLog#append}
 * exactly like a webhook, keyed by its client id, so a resend after a reconnect is stored once.
 */
@Component
class ChatWebSocketHandler implements WebSocketHandler {

    static final int MAX_CLIENT_ID = 100;
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_CLIENT_ID + "}");
    private static final Duration APPEND_TIMEOUT = Duration.ofSeconds(10);

    private final ChatHub hub;
    private final VisitorTokens tokens;
    private final IntakeLog intake;
    private final IntakeProperties intakeProperties;
    private final JsonMapper json;
    private final Clock clock;

    ChatWebSocketHandler(ChatHub hub, VisitorTokens tokens, IntakeLog intake, IntakeProperties intakeProperties,
                         JsonMapper json, Clock clock) {
        this.hub = hub;
        this.tokens = tokens;
        this.intake = intake;
        this.intakeProperties = intakeProperties;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        var query = UriComponentsBuilder.fromUri(session.getHandshakeInfo().getUri()).build().getQueryParams();
        // ChatGate refused the handshake for a bad token; this only catches one that expired in between.
        Optional<VisitorTokens.Visitor> visitor = tokens.verify(decoded(query.getFirst("token")));
        if (visitor.isEmpty()) {
            return session.close(CloseStatus.POLICY_VIOLATION.withReason("visitor token invalid or expired"));
        }
        Long resumeAfter = parseLong(query.getFirst("resumeAfter"));
        String epoch = decoded(query.getFirst("epoch"));
        return Mono.using(() -> hub.connect(visitor.get().handle(), resumeAfter, epoch),
                connection -> Mono.firstWithSignal(
                        session.receive().map(WebSocketMessage::getPayloadAsText)
                                .concatMap(text -> accept(visitor.get(), connection, text)).then(),
                        session.send(Flux.concat(Mono.just(hello(visitor.get(), connection)),
                                        Flux.fromIterable(connection.missed()), connection.live())
                                // Serialise and write off the publisher's thread.
                                .publishOn(Schedulers.parallel())
                                .map(frame -> session.textMessage(json.writeValueAsString(frame.json()))))),
                ChatHub.Connection::close);
    }

    private ChatHub.ChatFrame hello(VisitorTokens.Visitor visitor, ChatHub.Connection connection) {
        Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("type", "hello");
        hello.put("seq", connection.lastSeq());
        hello.put("at", clock.instant().toString());
        hello.put("epoch", connection.epoch());
        hello.put("resumed", connection.resumed());
        hello.put("account", visitor.account());
        hello.put("visitorId", visitor.visitorId());
        return new ChatHub.ChatFrame(connection.lastSeq(), hello);
    }

    private Mono<Void> accept(VisitorTokens.Visitor visitor, ChatHub.Connection connection, String frame) {
        JsonNode root;
        try {
            root = json.readTree(frame);
        } catch (JacksonException e) {
            return refuse(connection, null, "bad-frame", "frame is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            return refuse(connection, null, "bad-frame", "frame must be a JSON object");
        }
        JsonNode clientIdNode = root.get("clientId");
        String clientId = clientIdNode != null && clientIdNode.isString()
                && CLIENT_ID.matcher(clientIdNode.asString()).matches() ? clientIdNode.asString() : null;
        if (!"message".equals(root.path("type").asString(""))) {
            return refuse(connection, clientId, "bad-frame", "type must be \"message\"");
        }
        if (clientId == null) {
            return refuse(connection, null, "bad-frame",
                    "clientId must be 1 to " + MAX_CLIENT_ID + " letters, digits or . _ : -");
        }
        JsonNode textNode = root.get("text");
        if (textNode == null || !textNode.isString() || textNode.asString().isBlank()) {
            return refuse(connection, clientId, "bad-frame", "text must be a non-empty string");
        }
        String text = textNode.asString();
        if (text.length() > WebchatMessage.MAX_TEXT) {
            return refuse(connection, clientId, "bad-frame", "text must be at most " + WebchatMessage.MAX_TEXT + " characters");
        }
        Optional<String> unstorable = StorableText.problem("text", text);
        if (unstorable.isPresent()) {
            return refuse(connection, clientId, "bad-frame", unstorable.get());
        }
        JsonNode nameNode = root.get("name");
        String name = nameNode != null && nameNode.isString() && !nameNode.asString().isBlank()
                && nameNode.asString().length() <= WebchatMessage.MAX_ID ? nameNode.asString().strip() : null;
        if (StorableText.problem("name", name).isPresent()) {
            return refuse(connection, clientId, "bad-frame", StorableText.problem("name", name).get());
        }
        String handle = visitor.handle();
        // Scoped by account and visitor, so one visitor's ids can never collide with (or shadow) another's.
        String externalId = "widget:" + handle + ":" + clientId;
        InboundEnvelope envelope = new InboundEnvelope(Channel.WEBCHAT, visitor.account(), externalId, handle, handle,
                name, text, clock.instant());
        return intake.append(envelope)
                .timeout(APPEND_TIMEOUT)
                .doOnNext(outcome -> {
                    if (Boolean.TRUE.equals(outcome.duplicate())) {
                        connection.reAck(clientId, ack(clientId, text, true));
                    } else {
                        hub.publish(handle, "ack", ack(clientId, text, false));
                    }
                })
                .then()
                .onErrorResume(IntakeFullException.class, full -> busy(connection, clientId, full.retryAfter()))
                // Resending cannot help a permanent failure: the widget is told what was wrong and drops the message.
                .onErrorResume(Failures::permanent, e -> refuse(connection, clientId, "bad-frame",
                        Failures.permanentDetail(e, "the message")))
                // Nothing was acknowledged: the widget keeps the message and resends it with the same clientId.
                .onErrorResume(e -> busy(connection, clientId, intakeProperties.retryAfter()));
    }

    private static Map<String, Object> ack(String clientId, String text, boolean duplicate) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("clientId", clientId);
        fields.put("from", "visitor");
        fields.put("text", text);
        fields.put("duplicate", duplicate);
        return fields;
    }

    private static Mono<Void> busy(ChatHub.Connection connection, String clientId, Duration retryAfter) {
        Map<String, Object> fields = error(clientId, "unavailable", "the message could not be stored yet; resend it");
        fields.put("retryAfterSeconds", Math.max(1, retryAfter.toSeconds()));
        connection.direct("error", fields);
        return Mono.empty();
    }

    private static Mono<Void> refuse(ChatHub.Connection connection, String clientId, String code, String detail) {
        connection.direct("error", error(clientId, code, detail));
        return Mono.empty();
    }

    private static Map<String, Object> error(String clientId, String code, String detail) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (clientId != null) {
            fields.put("clientId", clientId);
        }
        fields.put("code", code);
        fields.put("detail", detail);
        return fields;
    }

    static String decoded(String value) {
        return value == null ? null : java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Long parseLong(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
