package io.firstline.support;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real WebSocket client on /ws/console that keeps every frame it receives, for assertions. */
public final class ConsoleSocket implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Inbox<JsonNode> incoming = new Inbox<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final Disposable connection;

    private ConsoleSocket(Disposable connection) {
        this.connection = connection;
    }

    public ConsoleSocket(URI uri, String token) {
        this(uri, token, null);
    }

    /** With the {@code Origin} a browser page would send; null for none. */
    ConsoleSocket(URI uri, String token, String origin) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        if (origin != null) {
            headers.setOrigin(origin);
        }
        this.connection = new ReactorNettyWebSocketClient().execute(uri, headers, session -> session.receive()
                        .map(WebSocketMessage::getPayloadAsText)
                        .doOnNext(text -> incoming.add(JSON.readTree(text)))
                        .then())
                .subscribe();
    }

    /** The first frame (received now or earlier) that matches, waiting up to {@code timeout}. */
    public JsonNode await(Predicate<JsonNode> matching, Duration timeout) {
        JsonNode found = incoming.await(matching, timeout, seen);
        if (found != null) {
            return found;
        }
        throw new AssertionError("no matching console frame within " + timeout + "; received: " + seen);
    }

    public JsonNode await(String type, Duration timeout) {
        return await(frame -> type.equals(frame.path("type").asString()), timeout);
    }

    public static Predicate<JsonNode> frame(String type, long contactId) {
        return frame -> type.equals(frame.path("type").asString())
                && frame.path("data").path("contactId").asLong(-1) == contactId;
    }

    /** Every frame received so far (draining what has arrived without waiting). */
    public List<JsonNode> received() {
        incoming.drainTo(seen);
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        connection.dispose();
    }
}
