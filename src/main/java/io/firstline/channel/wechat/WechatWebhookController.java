package io.firstline.channel.wechat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import io.firstline.channel.TimestampWindow;
import io.firstline.channel.WebhookOutcomes;
import io.firstline.kernel.Channel;
import io.firstline.intake.InboundEnvelope;
import io.firstline.intake.IntakeLog;
import io.firstline.intake.IntakeProperties;
import io.firstline.platform.web.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /webhooks/wechat/{account}}: the Official Account's server URL. {@code GET} is the
 * {@code echostr} handshake; {@code POST} carries messages and events in plain, compatible or safe
 * mode. Answers {@code success} only once the push is durable, and 503 before WeChat's 5-second
 * deadline otherwise, so WeChat retries; every refusal stores nothing.
 */
@RestController
class WechatWebhookController {

    private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private final WechatProperties properties;
    private final IntakeLog intake;
    private final IntakeProperties intakeProperties;
    private final WechatEvents events;
    private final Clock clock;
    private final WebhookOutcomes outcomes;
    private final TimestampWindow window;

    WechatWebhookController(WechatProperties properties, IntakeLog intake, IntakeProperties intakeProperties,
                            WechatEvents events, Clock clock, MeterRegistry meters) {
        this.properties = properties;
        this.intake = intake;
        this.intakeProperties = intakeProperties;
        this.events = events;
        this.clock = clock;
        this.outcomes = new WebhookOutcomes(meters, Channel.WECHAT);
        this.window = new TimestampWindow(properties.timestampTolerance());
        warmUp();
    }

    /** Loads the XML parser's and the cipher's classes and messages now, not on an event-loop thread. */
    private static void warmUp() {
        WechatXml.parse("<xml><A>1</A></xml>".getBytes(StandardCharsets.UTF_8));
        WechatXml.parse("<!DOCTYPE x [<!ENTITY e 'e'>]><xml>&e;</xml>".getBytes(StandardCharsets.UTF_8));
        WechatXml.parse("<xml><A>".getBytes(StandardCharsets.UTF_8));
        WechatXml.parse("<xml>&undefined;</xml>".getBytes(StandardCharsets.UTF_8));
        WechatCrypto crypto = new WechatCrypto("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "warm-up");
        crypto.decrypt(crypto.encrypt("<xml/>", new byte[16]));
        WechatSignature.sign("a", "b");
    }

    @GetMapping("/webhooks/wechat/{account}")
    Mono<ResponseEntity<String>> handshake(@PathVariable String account, ServerHttpRequest request) {
        WechatProperties.Account settings = properties.accounts().get(account);
        if (settings == null || settings.token() == null) {
            outcomes.count("unknown_account");
            return Mono.error(Problems.notFound("unknown WeChat account '" + account + "'"));
        }
        MultiValueMap<String, String> query = request.getQueryParams();
        if (!WechatSignature.matches(query.getFirst("signature"), settings.token(), query.getFirst("timestamp"),
                query.getFirst("nonce"))) {
            outcomes.count("unauthorized");
            return Mono.error(Problems.of(HttpStatus.UNAUTHORIZED, "signature does not match"));
        }
        String echo = query.getFirst("echostr");
        return Mono.just(ResponseEntity.ok().contentType(TEXT).body(echo == null ? "" : echo));
    }

    @PostMapping("/webhooks/wechat/{account}")
    Mono<ResponseEntity<String>> receive(@PathVariable String account, ServerHttpRequest request) {
        WechatProperties.Account settings = properties.accounts().get(account);
        if (settings == null || settings.token() == null) {
            outcomes.count("unknown_account");
            return Mono.error(Problems.notFound("unknown WeChat account '" + account + "'"));
        }
        MultiValueMap<String, String> query = request.getQueryParams();
        String timestamp = query.getFirst("timestamp");
        String nonce = query.getFirst("nonce");
        if (!WechatSignature.matches(query.getFirst("signature"), settings.token(), timestamp, nonce)) {
            outcomes.count("unauthorized");
            return Mono.error(Problems.of(HttpStatus.UNAUTHORIZED, "signature does not match"));
        }
        if (!window.contains(timestamp, clock.instant())) {
            outcomes.count("unauthorized");
            return Mono.error(Problems.of(HttpStatus.UNAUTHORIZED, "timestamp is malformed or more than "
                    + properties.timestampTolerance().toMinutes() + " minutes from the server's time"));
        }
        return outcomes.body(request, properties.maxBodyBytes())
                .flatMap(body -> accept(account, settings, query, body));
    }

    private Mono<ResponseEntity<String>> accept(String account, WechatProperties.Account settings,
                                                MultiValueMap<String, String> query, byte[] body) {
        WechatXml.Parsed outer = WechatXml.parse(body);
        if (!outer.ok()) {
            return Mono.error(malformed(outer.problem()));
        }
        Map<String, String> fields = outer.fields();
        String encrypted = fields.get("Encrypt");
        boolean safe = "aes".equalsIgnoreCase(query.getFirst("encrypt_type"));
        if (safe || encrypted != null) {
            // Safe and compatible mode: only the encrypted copy is trusted, and it carries its own signature.
            if (encrypted == null || encrypted.isBlank()) {
                return Mono.error(malformed("encrypt_type=aes but the body has no Encrypt element"));
            }
            if (!settings.safeModeConfigured()) {
                return Mono.error(malformed("safe mode is not configured for this account (no encoding-aes-key)"));
            }
            if (!WechatSignature.matches(query.getFirst("msg_signature"), settings.token(), query.getFirst("timestamp"),
                    query.getFirst("nonce"), encrypted)) {
                outcomes.count("unauthorized");
                return Mono.error(Problems.of(HttpStatus.UNAUTHORIZED, "msg_signature does not match"));
            }
            WechatCrypto.Decrypted decrypted = new WechatCrypto(settings.encodingAesKey(), settings.appId()).decrypt(encrypted);
            if (!decrypted.ok()) {
                return Mono.error(malformed(decrypted.problem()));
            }
            WechatXml.Parsed inner = WechatXml.parse(decrypted.message().getBytes(StandardCharsets.UTF_8));
            if (!inner.ok()) {
                return Mono.error(malformed("decrypted message: " + inner.problem()));
            }
            fields = inner.fields();
        }
        WechatInbound.Parsed parsed = WechatInbound.from(fields);
        if (parsed.inbound() == null) {
            return Mono.error(malformed(String.join("; ", parsed.problems())));
        }
        WechatInbound inbound = parsed.inbound();
        // Subscribe, unsubscribe, SCAN, VIEW: recorded once, not offered to anybody.
        Mono<Boolean> durable = inbound.becomesContact() ? append(account, inbound)
                : events.record(account, inbound, clock.instant());
        return durable
                .doOnNext(outcomes::acknowledged)
                .map(duplicate -> ResponseEntity.ok().contentType(TEXT).body("success"))
                // Nothing was acknowledged: WeChat retries, and the retry is deduplicated.
                .transform(outcomes.retryLaterUnlessStored("the message", intakeProperties.retryAfter(),
                        properties.replyDeadline(), "WeChat"));
    }

    /** Messages and contact-worthy events go through the intake log; emits whether it was a duplicate. */
    private Mono<Boolean> append(String account, WechatInbound inbound) {
        String openId = inbound.fromUserName();
        return Mono.fromCallable(() -> new InboundEnvelope(Channel.WECHAT, account, inbound.externalId(),
                        account + ":" + openId, openId, null, inbound.text(), clock.instant()))
                .flatMap(intake::append)
                .transform(outcomes.timedUntilDurable())
                .map(outcome -> Boolean.TRUE.equals(outcome.duplicate()));
    }

    private ErrorResponseException malformed(String detail) {
        outcomes.count("malformed");
        return Problems.badRequest(detail);
    }


}
