package io.firstline.channel.webchat;

import io.firstline.support.Inbox;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real visitor's WebSocket on /ws/chat: sends frames, keeps every frame it receives. */
public final class ChatSocket implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Inbox<JsonNode> incoming = new Inbox<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final Sinks.Many<String> outgoing = Sinks.many().unicast().onBackpressureBuffer();
    private final CompletableFuture<Throwable> ended = new CompletableFuture<>();
    private final Disposable connection;

    public ChatSocket(URI uri) {
        this.connection = new ReactorNettyWebSocketClient().execute(uri, session -> session
                        .send(outgoing.asFlux().map(session::textMessage))
                        .and(session.receive().map(WebSocketMessage::getPayloadAsText)
                                .doOnNext(text -> incoming.add(JSON.readTree(text)))))
                .subscribe(done -> { }, ended::complete, () -> ended.complete(null));
    }

    void send(String frame) {
        outgoing.tryEmitNext(frame);
    }

    public void sendMessage(String clientId, String text) {
        send(JSON.writeValueAsString(java.util.Map.of("type", "message", "clientId", clientId, "text", text)));
    }

    /** The error the connection ended with, or null when it ended normally; fails when it is still open after {@code timeout}. */
    Throwable awaitEnd(Duration timeout) throws Exception {
        return ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public JsonNode await(Predicate<JsonNode> matching, Duration timeout) {
        JsonNode found = incoming.await(matching, timeout, seen);
        if (found != null) {
            return found;
        }
        throw new AssertionError("no matching chat frame within " + timeout + "; received: " + seen);
    }

    public JsonNode await(String type, Duration timeout) {
        return await(frame -> type.equals(frame.path("type").asString()), timeout);
    }

    /** Every frame received so far. */
    List<JsonNode> received() {
        incoming.drainTo(seen);
        return List.copyOf(seen);
    }

    static Predicate<JsonNode> ack(String clientId) {
        return frame -> "ack".equals(frame.path("type").asString()) && clientId.equals(frame.path("clientId").asString());
    }

    static Predicate<JsonNode> reply(String text) {
        return frame -> "message".equals(frame.path("type").asString()) && text.equals(frame.path("text").asString());
    }

    @Override
    public void close() {
        outgoing.tryEmitComplete();
        connection.dispose();
    }
}
