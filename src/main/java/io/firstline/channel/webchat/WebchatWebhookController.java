package io.firstline.channel.webchat;

import java.time.Clock;
import java.util.Map;
import io.firstline.channel.StandardWebhookVerifier;
import io.firstline.kernel.Channel;
import io.firstline.intake.InboundEnvelope;
import io.firstline.intake.IntakeLog;
import io.firstline.intake.IntakeProperties;
import io.firstline.channel.WebhookOutcomes;
import io.micrometer.core.instrument.MeterRegistry;
import io.firstline.platform.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /webhooks/webchat/{account}}: a server-to-server web-chat message, signed
 * the Standard Webhooks way. Answers 202 only once the message is durable; every
 * refusal stores nothing.
 */
@RestController
class WebchatWebhookController {

    private final WebchatProperties properties;
    private final StandardWebhookVerifier verifier;
    private final IntakeLog intake;
    private final JsonMapper json;
    private final Clock clock;
    private final IntakeProperties intakeProperties;
    private final WebhookOutcomes outcomes;

    WebchatWebhookController(WebchatProperties properties, IntakeLog intake, IntakeProperties intakeProperties,
                             JsonMapper json, Clock clock, MeterRegistry meters) {
        this.properties = properties;
        this.intakeProperties = intakeProperties;
        this.outcomes = new WebhookOutcomes(meters, Channel.WEBCHAT);
        this.verifier = new StandardWebhookVerifier(properties.timestampTolerance());
        this.intake = intake;
        this.json = json;
        this.clock = clock;
        // Build Jackson's tree deserializer now, on the start-up thread: the first concurrent webhooks would
        // otherwise contend for the lock of its cache on event-loop threads.
        WebchatMessage.parse(json, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @PostMapping("/webhooks/webchat/{account}")
    Mono<ResponseEntity<Map<String, Object>>> receive(@PathVariable String account, ServerHttpRequest request) {
        WebchatProperties.Account settings = properties.accounts().get(account);
        if (settings == null || settings.secret() == null) {
            outcomes.count("unknown_account");
            return Mono.error(Problems.notFound("unknown web-chat account '" + account + "'"));
        }
        return outcomes.body(request, properties.maxBodyBytes())
                .flatMap(body -> accept(account, settings, request.getHeaders(), body));
    }

    private Mono<ResponseEntity<Map<String, Object>>> accept(String account, WebchatProperties.Account settings,
                                                             HttpHeaders headers, byte[] body) {
        String webhookId = headers.getFirst("webhook-id");
        var verdict = verifier.verify(settings.secrets(), webhookId, headers.getFirst("webhook-timestamp"),
                headers.getFirst("webhook-signature"), body, clock.instant());
        if (verdict != StandardWebhookVerifier.Verdict.VALID) {
            return Mono.error(outcomes.unauthorized(verdict, properties.timestampTolerance()));
        }
        WebchatMessage.Parsed parsed = WebchatMessage.parse(json, body);
        if (parsed.message() == null) {
            outcomes.count("malformed");
            return Mono.error(Problems.badRequest(String.join("; ", parsed.problems())));
        }
        WebchatMessage message = parsed.message();
        // Visitor ids are issued per chat account, so the customer's handle is scoped by the account.
        String handle = account + ":" + message.visitorId();
        String name = message.name() == null || message.name().isBlank() ? message.visitorId() : message.name();
        return Mono.fromCallable(() -> new InboundEnvelope(Channel.WEBCHAT, account, webhookId, handle, handle, name,
                        message.text(), clock.instant(), null, message.category()))
                .flatMap(intake::append)
                .transform(outcomes.timedUntilDurable())
                .doOnNext(outcome -> outcomes.acknowledged(outcome.duplicate()))
                .map(outcome -> ResponseEntity.status(HttpStatus.ACCEPTED).body(WebhookOutcomes.receipt(outcome)))
                .transform(outcomes.retryLaterUnlessStored("the message", intakeProperties.retryAfter()));
    }


}
