package io.firstline.bench.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** The app's REST API over a Reactor Netty pool: login, and JSON POSTs with a bearer token. */
public final class ApiClient implements AutoCloseable {

    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    private final ConnectionProvider pool;
    private final HttpClient http;

    public ApiClient(String baseUrl, int connections) {
        this.pool = ConnectionProvider.builder("api-" + connections).maxConnections(connections)
                .pendingAcquireMaxCount(-1).pendingAcquireTimeout(Duration.ofSeconds(60)).build();
        this.http = HttpClient.create(pool).baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30));
    }

    /** {@code POST /api/v1/auth/login}: the JWT, or an error naming the status. */
    public Mono<String> login(String username, String password) {
        return post("/api/v1/auth/login", null,
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
                .map(answer -> {
                    Matcher token = TOKEN.matcher(answer.body());
                    if (answer.status() != 200 || !token.find()) {
                        throw new IllegalStateException("login " + username + ": " + answer.status() + " " + answer.body());
                    }
                    return token.group(1);
                });
    }

    public Mono<WebhookClient.Answer> post(String path, String token, String json) {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        return http.post().uri(path)
                .send((request, out) -> {
                    request.header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                            .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
                    if (token != null) {
                        request.header(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
                    }
                    return out.send(Mono.just(Unpooled.wrappedBuffer(body)));
                })
                .responseSingle((response, content) -> content.asString().defaultIfEmpty("")
                        .map(text -> new WebhookClient.Answer(response.status().code(), text)))
                .onErrorResume(e -> Mono.just(new WebhookClient.Answer(WebhookClient.ERROR, e.toString())));
    }

    public Mono<WebhookClient.Answer> get(String path, String token) {
        return http.headers(headers -> {
                    if (token != null) {
                        headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
                    }
                }).get().uri(path)
                .responseSingle((response, content) -> content.asString().defaultIfEmpty("")
                        .map(text -> new WebhookClient.Answer(response.status().code(), text)))
                .onErrorResume(e -> Mono.just(new WebhookClient.Answer(WebhookClient.ERROR, e.toString())));
    }

    @Override
    public void close() {
        pool.disposeLater().block(Duration.ofSeconds(10));
    }
}
