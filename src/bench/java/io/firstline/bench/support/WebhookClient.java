package io.firstline.bench.support;

import java.time.Duration;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Posts signed webhooks over a Reactor Netty connection pool sized to the concurrency (loopback only).
 * Each call yields the status (and body), or a negative status for a transport error or timeout.
 */
public final class WebhookClient implements AutoCloseable {

    /** Status codes for failures without an HTTP answer. */
    public static final int TIMEOUT = -1;
    public static final int ERROR = -2;

    public record Answer(int status, String body) {
    }

    private final ConnectionProvider pool;
    private final HttpClient http;

    public WebhookClient(String baseUrl, int connections, Duration timeout) {
        this.pool = ConnectionProvider.builder("webhooks-" + connections)
                .maxConnections(connections)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofSeconds(60))
                .build();
        this.http = HttpClient.create(pool).baseUrl(baseUrl).responseTimeout(timeout).keepAlive(true);
    }

    public Mono<Answer> post(SignedWebhook.Request request, boolean readBody) {
        return http.post().uri(request.path())
                .send((req, out) -> {
                    req.header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                            .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(request.body().length))
                            .header("webhook-id", request.id())
                            .header("webhook-timestamp", request.timestamp())
                            .header("webhook-signature", request.signature());
                    return out.send(Mono.just(Unpooled.wrappedBuffer(request.body())));
                })
                .responseSingle((response, body) -> readBody
                        ? body.asString().defaultIfEmpty("").map(text -> new Answer(response.status().code(), text))
                        : body.then(Mono.just(new Answer(response.status().code(), ""))))
                .onErrorResume(e -> Mono.just(new Answer(isTimeout(e) ? TIMEOUT : ERROR, e.toString())));
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.netty.handler.timeout.ReadTimeoutException || t instanceof java.util.concurrent.TimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        pool.disposeLater().block(Duration.ofSeconds(10));
    }
}
