package io.firstline.bench.support;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;

/**
 * WebSocket sessions to the app, one TCP connection each (Reactor Netty, no pool: an upgraded connection is never
 * given back), authenticated with a bearer token on the handshake. Every text frame goes to the session's consumer
 * on a Netty event-loop thread.
 */
public final class Sockets {

    private final HttpClient http;

    public Sockets(String baseUrl) {
        this.http = HttpClient.create(ConnectionProvider.newConnection()).baseUrl(baseUrl.replace("http://", "ws://"));
    }

    /** One open (or opening) session. */
    public static final class Session {
        private final Sinks.Empty<Void> closing = Sinks.empty();
        private final CountDownLatch ended = new CountDownLatch(1);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile Disposable connection;

        public boolean ended() {
            return ended.getCount() == 0;
        }

        public Throwable failure() {
            return failure.get();
        }

        /** Sends a close frame and waits for the end; drops the connection if it does not end in time. */
        public void close(Duration wait) throws InterruptedException {
            closing.tryEmitEmpty();
            if (!ended.await(wait.toMillis(), TimeUnit.MILLISECONDS) && connection != null) {
                connection.dispose();
            }
        }

        /** Asks for the close without waiting (for closing thousands at once). */
        public void requestClose() {
            closing.tryEmitEmpty();
        }

        public boolean awaitEnd(Duration wait) throws InterruptedException {
            boolean done = ended.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (!done && connection != null) {
                connection.dispose();
            }
            return done;
        }
    }

    public Session open(String path, String token, Consumer<String> frames) {
        Session session = new Session();
        session.connection = http
                .headers(headers -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token))
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(8 << 20).build())
                .uri(path)
                .handle((in, out) -> {
                    Sinks.One<Boolean> inboundDone = Sinks.one();
                    Mono<Void> receive = in.aggregateFrames(8 << 20).receive().asString().doOnNext(frames).then()
                            .doFinally(signal -> inboundDone.tryEmitValue(Boolean.TRUE));
                    // Our close frame when asked; nothing to do once the server has closed.
                    Mono<Void> close = session.closing.asMono()
                            .then(Mono.defer(() -> out.sendClose(1000, "bench done")))
                            .onErrorResume(e -> Mono.empty())
                            .takeUntilOther(inboundDone.asMono());
                    return Mono.when(receive, close);
                })
                .doFinally(signal -> session.ended.countDown())
                .subscribe(ignored -> { }, error -> session.failure.set(error));
        return session;
    }
}
