package io.firstline.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import io.firstline.channel.DeliveryFailedException;
import io.firstline.channel.OutboundMessage;
import io.firstline.channel.OutboundReceipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Replies through a local server that implements WeChat's token and customer-service message endpoints. */
class WechatOutboundChannelTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicInteger tokenFetches = new AtomicInteger();
    private final Queue<JsonNode> sent = new ConcurrentLinkedQueue<>();
    private final Queue<String> tokensUsed = new ConcurrentLinkedQueue<>();
    /** What /cgi-bin/message/custom/send answers for the n-th call (0-based). */
    private volatile Function<Integer, String> sendAnswer = n -> "{\"errcode\":0,\"errmsg\":\"ok\"}";
    private final AtomicInteger sendCalls = new AtomicInteger();
    private DisposableServer server;
    private WechatOutboundChannel channel;

    @BeforeEach
    void startWechatApi() {
        server = HttpServer.create().port(0).route(routes -> routes
                .get("/cgi-bin/token", (request, response) -> {
                    int n = tokenFetches.incrementAndGet();
                    boolean right = request.uri().contains("appid=wxtest&secret=s3cret") && request.uri().contains("grant_type=client_credential");
                    String body = right ? "{\"access_token\":\"TOKEN-" + n + "\",\"expires_in\":7200}"
                            : "{\"errcode\":40013,\"errmsg\":\"invalid appid\"}";
                    // A little latency, so concurrent callers overlap with the fetch in flight.
                    return response.header("Content-Type", "application/json")
                            .sendString(Mono.just(body).delayElement(Duration.ofMillis(100)));
                })
                .post("/cgi-bin/message/custom/send", (request, response) -> {
                    String uri = request.uri();
                    tokensUsed.add(uri.substring(uri.indexOf("access_token=") + "access_token=".length()));
                    return response.header("Content-Type", "application/json").sendString(request.receive().aggregate().asString()
                            .map(body -> {
                                sent.add(json.readTree(body));
                                return sendAnswer.apply(sendCalls.getAndIncrement());
                            }));
                }))
                .bindNow();
        var account = new WechatProperties.Account("token", "wxtest", "s3cret", null, "http://localhost:" + server.port());
        var properties = new WechatProperties(0, null, null, Duration.ofSeconds(3), null, Map.of("demo", account));
        channel = new WechatOutboundChannel(properties, json, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.disposeNow();
    }

    @Test
    void aReplyIsSentAsACustomerServiceTextMessage() {
        StepVerifier.create(channel.send(reply("你好，已为您登记")))
                .assertNext(receipt -> assertThat(receipt.externalId()).startsWith("wechat-out-7-"))
                .verifyComplete();
        JsonNode body = sent.peek();
        assertThat(body.get("touser").asString()).isEqualTo("oCustomer1");
        assertThat(body.get("msgtype").asString()).isEqualTo("text");
        assertThat(body.get("text").get("content").asString()).isEqualTo("你好，已为您登记");
        assertThat(tokensUsed).containsExactly("TOKEN-1");
    }

    @Test
    void oneTokenFetchServesSeveralConcurrentSends() {
        List<OutboundReceipt> receipts = Flux.range(0, 8).flatMap(i -> channel.send(reply("message " + i)))
                .collectList().block(Duration.ofSeconds(10));
        channel.send(reply("later")).block(Duration.ofSeconds(10));
        assertThat(receipts).hasSize(8);
        assertThat(receipts.stream().map(OutboundReceipt::externalId).distinct()).hasSize(8);
        assertThat(tokenFetches).hasValue(1);
        assertThat(tokensUsed).hasSize(9).containsOnly("TOKEN-1");
    }

    @Test
    void aTokenIsRefreshedShortlyBeforeWechatsExpiresIn() {
        var now = new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-01-05T08:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return now.get();
            }
        };
        var account = new WechatProperties.Account("token", "wxtest", "s3cret", null, "http://localhost:" + server.port());
        var timed = new WechatOutboundChannel(new WechatProperties(0, null, null, Duration.ofSeconds(3), Duration.ofMinutes(5),
                Map.of("demo", account)), json, clock);
        timed.send(reply("first")).block(Duration.ofSeconds(10));
        now.set(now.get().plus(Duration.ofMinutes(114)));
        timed.send(reply("still cached")).block(Duration.ofSeconds(10));
        assertThat(tokenFetches).hasValue(1);
        now.set(now.get().plus(Duration.ofMinutes(2)));
        timed.send(reply("refreshed")).block(Duration.ofSeconds(10));
        assertThat(tokenFetches).hasValue(2);
        assertThat(tokensUsed).containsExactly("TOKEN-1", "TOKEN-1", "TOKEN-2");
    }

    @Test
    void anExpiredTokenIsRefreshedOnceAndTheSendRetried() {
        sendAnswer = n -> n == 0 ? "{\"errcode\":40001,\"errmsg\":\"invalid credential, access_token is invalid or not latest\"}"
                : "{\"errcode\":0,\"errmsg\":\"ok\"}";
        StepVerifier.create(channel.send(reply("retry me"))).expectNextCount(1).verifyComplete();
        assertThat(tokenFetches).hasValue(2);
        assertThat(tokensUsed).containsExactly("TOKEN-1", "TOKEN-2");
    }

    @Test
    void aTokenRefusedTwiceFailsAfterOneRetry() {
        sendAnswer = n -> "{\"errcode\":42001,\"errmsg\":\"access_token expired\"}";
        StepVerifier.create(channel.send(reply("never")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(DeliveryFailedException.class)
                        .hasMessageContaining("access_token expired"))
                .verify(Duration.ofSeconds(10));
        assertThat(tokenFetches).hasValue(2);
        assertThat(sendCalls).hasValue(2);
    }

    @Test
    void outsideTheFortyEightHourWindowTheAgentIsToldWhy() {
        sendAnswer = n -> "{\"errcode\":45015,\"errmsg\":\"response out of time limit or subscription is canceled\"}";
        StepVerifier.create(channel.send(reply("too late")))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(DeliveryFailedException.class)
                            .hasMessage("outside WeChat's 48-hour window: the customer must write first");
                    assertThat(((DeliveryFailedException) e).code()).isEqualTo("45015");
                })
                .verify(Duration.ofSeconds(10));
        assertThat(sendCalls).hasValue(1);
    }

    @Test
    void otherRefusalsCarryWechatsErrmsg() {
        sendAnswer = n -> "{\"errcode\":40003,\"errmsg\":\"invalid openid\"}";
        StepVerifier.create(channel.send(reply("who?")))
                .expectErrorSatisfies(e -> assertThat(((DeliveryFailedException) e).code()).isEqualTo("40003"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void anUnreachableApiIsADeliveryFailure() {
        server.disposeNow();
        StepVerifier.create(channel.send(reply("nobody home")))
                .expectErrorSatisfies(e -> assertThat(((DeliveryFailedException) e).code()).isEqualTo("unreachable"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void anAccountWithoutApiCredentialsCannotReply() {
        StepVerifier.create(channel.send(new OutboundMessage(7, "unknown", "o1", "hi", "Agent One", null, List.of(), null)))
                .expectErrorSatisfies(e -> assertThat(((DeliveryFailedException) e).code()).isEqualTo("not_configured"))
                .verify(Duration.ofSeconds(10));
    }

    private static OutboundMessage reply(String text) {
        return new OutboundMessage(7, "demo", "oCustomer1", text, "Agent One", "1000000000000000001", List.of(), null);
    }
}
