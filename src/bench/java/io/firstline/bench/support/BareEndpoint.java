package io.firstline.bench.support;

import java.nio.charset.StandardCharsets;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The intake baseline: a bare Reactor Netty server that reads each POST body and answers 202 with a small JSON
 * body, like the app's webhook receipt, and nothing else (no verification, no database). GET
 * /actuator/health/readiness answers 200 so it is started and awaited like the app.
 * {@code java -cp ... io.firstline.bench.support.BareEndpoint <port>}
 */
public final class BareEndpoint {

    private static final byte[] RECEIPT = "{\"contactId\":1,\"duplicate\":false}".getBytes(StandardCharsets.UTF_8);

    private BareEndpoint() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(port)
                .handle((request, response) -> request.method() == HttpMethod.POST
                        ? request.receive().aggregate().asByteArray()
                                .defaultIfEmpty(new byte[0])
                                .flatMap(body -> response.status(HttpResponseStatus.ACCEPTED)
                                        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                        .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(RECEIPT.length))
                                        .sendByteArray(Mono.just(RECEIPT)).then())
                        : response.header(HttpHeaderNames.CONTENT_TYPE, "application/json").sendString(Mono.just("{\"status\":\"UP\"}")))
                .bindNow();
        Runtime.getRuntime().addShutdownHook(new Thread(server::disposeNow));
        server.onDispose().block();
    }
}
