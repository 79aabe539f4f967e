package io.firstline.channel.wechat;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import io.firstline.channel.DeliveryFailedException;
import io.firstline.channel.OutboundChannel;
import io.firstline.channel.OutboundMessage;
import io.firstline.channel.OutboundReceipt;
import io.firstline.kernel.Channel;
import io.netty.channel.ChannelOption;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An agent's reply to a WeChat customer, through the customer-service message API
 * ({@code POST /cgi-bin/message/custom/send}). WeChat only takes these within 48 hours of the
 * customer's last message (errcode 45015 otherwise).
 */
@Component
class WechatOutboundChannel implements OutboundChannel {

    static final String OUTSIDE_WINDOW = "outside WeChat's 48-hour window: the customer must write first";

    private final WechatProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final WebClient web;
    private final Map<String, AccessTokens> tokens = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    WechatOutboundChannel(WechatProperties properties, JsonMapper json, Clock clock) {
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, properties.apiTimeout().toMillis()))
                .responseTimeout(properties.apiTimeout());
        this.web = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
    }

    @Override
    public Channel channel() {
        return Channel.WECHAT;
    }

    @Override
    public Mono<OutboundReceipt> send(OutboundMessage message) {
        WechatProperties.Account account = properties.accounts().get(message.account());
        if (account == null || !account.apiConfigured()) {
            return Mono.error(new DeliveryFailedException("not_configured",
                    "WeChat account '" + message.account() + "' has no app-id and app-secret: replies cannot be sent"));
        }
        String body = json.writeValueAsString(Map.of("touser", message.customerHandle(), "msgtype", "text",
                "text", Map.of("content", message.text())));
        AccessTokens cache = tokens.computeIfAbsent(message.account(), name -> new AccessTokens(fetchToken(account), clock));
        return attempt(account, cache, body, true)
                .map(answer -> new OutboundReceipt(answer.hasNonNull("msgid") ? answer.get("msgid").asString()
                        : "wechat-out-" + message.contactId() + "-" + clock.millis() + "-" + sequence.incrementAndGet()));
    }

    private Mono<JsonNode> attempt(WechatProperties.Account account, AccessTokens cache, String body, boolean mayRetry) {
        return cache.current().flatMap(token -> call(web.post()
                        .uri(account.apiBaseUrl() + "/cgi-bin/message/custom/send?access_token={token}", token.value)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body))
                .flatMap(answer -> {
                    long code = answer.path("errcode").asLong(0);
                    if (code == 0) {
                        return Mono.just(answer);
                    }
                    if ((code == 40001 || code == 42001 || code == 40014) && mayRetry) {
                        cache.invalidate(token);
                        return attempt(account, cache, body, false);
                    }
                    return Mono.error(refused(code, answer.path("errmsg").asString("")));
                }));
    }

    private Mono<AccessTokens.Token> fetchToken(WechatProperties.Account account) {
        return Mono.defer(() -> call(web.get().uri(account.apiBaseUrl()
                        + "/cgi-bin/token?grant_type=client_credential&appid={appid}&secret={secret}",
                account.appId(), account.appSecret())))
                .flatMap(answer -> {
                    String token = answer.path("access_token").asString("");
                    if (token.isEmpty()) {
                        long code = answer.path("errcode").asLong(-1);
                        return Mono.error(new DeliveryFailedException(Long.toString(code),
                                "WeChat refused an access token: " + answer.path("errmsg").asString("no access_token")
                                        + " (errcode " + code + "; check app-id, app-secret and the API IP whitelist)"));
                    }
                    return Mono.just(new AccessTokens.Token(token, AccessTokens.refreshAt(clock.instant(),
                            answer.path("expires_in").asLong(7200), properties.tokenRefreshMargin())));
                });
    }

    private Mono<JsonNode> call(WebClient.RequestHeadersSpec<?> request) {
        return request.retrieve().bodyToMono(String.class)
                .timeout(properties.apiTimeout())
                .map(this::parse)
                .onErrorMap(e -> e instanceof WebClientException || e instanceof TimeoutException,
                        e -> new DeliveryFailedException("unreachable", "WeChat's API could not be reached: " + e.getMessage()));
    }

    private JsonNode parse(String answer) {
        try {
            return json.readTree(answer);
        } catch (JacksonException e) {
            throw new DeliveryFailedException("bad_answer", "WeChat's API answered something that is not JSON");
        }
    }

    private static DeliveryFailedException refused(long code, String errmsg) {
        if (code == 45015) {
            return new DeliveryFailedException("45015", OUTSIDE_WINDOW);
        }
        return new DeliveryFailedException(Long.toString(code), "WeChat refused the message: " + errmsg + " (errcode " + code + ")");
    }
}
