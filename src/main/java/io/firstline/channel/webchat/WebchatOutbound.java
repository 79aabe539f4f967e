package io.firstline.channel.webchat;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import io.firstline.kernel.EventBus;
import io.firstline.kernel.Ids;
import io.firstline.channel.DeliveryFailedException;
import io.firstline.channel.OutboundChannel;
import io.firstline.channel.OutboundMessage;
import io.firstline.channel.OutboundReceipt;
import io.firstline.channel.StandardWebhookVerifier;
import io.firstline.kernel.Channel;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Agents' replies to a web-chat visitor. A widget visitor (an id issued by {@link VisitorTokens}) gets the reply
 * as a numbered {@code message} frame in its /ws/chat conversation, buffered for a visitor who is away. Any other
 * visitor belongs to a server-to-server chat backend: the reply goes back as a signed webhook (Standard Webhooks,
 * the account's secret) to the account's {@code reply-url}: {@code {"visitorId","messageId","text","agentName","contactId"}}.
 */
@Component
class WebchatOutbound implements OutboundChannel {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final WebchatProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final WebClient http = WebClient.builder().build();
    private final EventBus events;

    WebchatOutbound(WebchatProperties properties, EventBus events, JsonMapper json, Clock clock) {
        this.properties = properties;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Channel channel() {
        return Channel.WEBCHAT;
    }

    @Override
    public Mono<OutboundReceipt> send(OutboundMessage message) {
        String visitorId = message.customerHandle().substring(message.customerHandle().indexOf(':') + 1);
        if (visitorId.startsWith(VisitorTokens.VISITOR_PREFIX)) {
            return toWidget(message);
        }
        WebchatProperties.Account account = properties.accounts().get(message.account());
        if (account == null || account.replyUrl() == null || account.replyUrl().isBlank()) {
            return Mono.error(new DeliveryFailedException("no-reply-url", "web-chat account '" + message.account()
                    + "' has no reply-url configured, so replies cannot reach the visitor"));
        }
        String messageId = "reply_" + Ids.random();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("visitorId", visitorId);
        body.put("messageId", messageId);
        body.put("text", message.text());
        body.put("agentName", message.agentName());
        body.put("contactId", message.contactId());
        byte[] bytes = json.writeValueAsBytes(body);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        return http.post().uri(account.replyUrl())
                .contentType(MediaType.APPLICATION_JSON)
                .header("webhook-id", messageId)
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", StandardWebhookVerifier.signatureHeader(account.secret(), messageId, timestamp, bytes))
                .bodyValue(bytes)
                .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                        ? response.releaseBody().thenReturn(new OutboundReceipt(messageId))
                        : response.bodyToMono(String.class).defaultIfEmpty("").flatMap(text -> Mono.error(
                                new DeliveryFailedException("http-" + response.statusCode().value(),
                                        "the chat backend refused the reply (HTTP " + response.statusCode().value() + ")"))))
                .timeout(TIMEOUT)
                .onErrorMap(WebClientRequestException.class, e -> new DeliveryFailedException("unreachable",
                        "the chat backend at " + account.replyUrl() + " cannot be reached"));
    }

    private Mono<OutboundReceipt> toWidget(OutboundMessage message) {
        String messageId = "reply_" + Ids.random();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", messageId);
        fields.put("from", "agent");
        fields.put("text", message.text());
        fields.put("agentName", message.agentName());
        // Through the bus: the visitor's socket may be on another node (WidgetReplies puts it in the conversation).
        events.publish(new WidgetReplyPosted(message.customerHandle(), fields));
        return Mono.just(new OutboundReceipt(messageId));
    }
}
