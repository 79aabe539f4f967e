package io.firstline.channel.phone;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import io.firstline.channel.StandardWebhookVerifier;
import io.firstline.kernel.Channel;
import io.firstline.kernel.Ids;
import io.firstline.routing.Offer;
import io.firstline.routing.OfferListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells the telephony side about offers of phone contacts: the call's offered time, and — once an agent
 * accepts — whom to ring. Twilio form: the agent's address is stored on the call and the caller's next
 * {@code waitUrl} poll answers {@code <Leave/>}, after which the Enqueue action answers {@code <Dial>}.
 * Generic form: a signed callback (Standard Webhooks, the account's secret) to the account's
 * {@code callback-url}: {@code {"callId","agentId","extension","contactId"}}, retried a few times.
 */
@Component
class PhoneOffers implements OfferListener {

    private static final Logger log = LoggerFactory.getLogger(PhoneOffers.class);

    private final PhoneCalls calls;
    private final PhoneProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final WebClient http = WebClient.builder().build();

    PhoneOffers(PhoneCalls calls, PhoneProperties properties, JsonMapper json, Clock clock) {
        this.calls = calls;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Mono<Void> offered(Offer offer) {
        if (offer.contact().channel() != Channel.PHONE) {
            return Mono.empty();
        }
        return calls.forContact(offer.contact().contactId())
                .filter(call -> !call.status().terminal())
                .flatMap(call -> calls.record(call.callId(), CallStatus.OFFERED, offer.offeredAt(), clock.instant(),
                        properties.shortAbandon()))
                .then();
    }

    @Override
    public Mono<Void> accepted(Offer offer, long agentId) {
        if (offer.contact().channel() != Channel.PHONE) {
            return Mono.empty();
        }
        Instant now = clock.instant();
        return calls.forContact(offer.contact().contactId())
                // A caller who already hung up is called back by the agent; nothing to ring.
                .filter(call -> !call.status().terminal())
                .flatMap(call -> chooseAgent(call, agentId, now));
    }

    /**
     * Stores whom the call rings (Twilio: answered on the next callback) and, for the generic form, sends the
     * signed callback in the background; the first choice wins.
     */
    Mono<Void> chooseAgent(PhoneCalls.Call call, long agentId, Instant now) {
        return calls.dialTarget(agentId)
                .flatMap(target -> calls.agentChosen(call.callId(), agentId, target, now)
                        .doOnNext(first -> {
                            if (first && PhoneCalls.FORM_GENERIC.equals(call.form())) {
                                // Nobody waits for the PBX: the callback runs on its own.
                                ringAgent(call, agentId, target).subscribe();
                            }
                        }))
                .then();
    }

    private Mono<Void> ringAgent(PhoneCalls.Call call, long agentId, String extension) {
        PhoneProperties.Account account = properties.accounts().get(call.account());
        if (account == null || account.callbackUrl() == null || account.callbackUrl().isBlank() || account.secret() == null) {
            log.warn("Phone account '{}' has no callback-url/secret: the PBX is not told to ring agent {} for call {}",
                    call.account(), agentId, call.callId());
            return calls.callbackResult(call.callId(), clock.instant(), "no callback-url configured");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("callId", call.callId());
        body.put("agentId", agentId);
        body.put("extension", extension);
        body.put("contactId", call.contactId());
        byte[] bytes = json.writeValueAsBytes(body);
        String id = "ring_" + Ids.random();
        return Mono.defer(() -> {
                    String timestamp = Long.toString(clock.instant().getEpochSecond());
                    return http.post().uri(account.callbackUrl())
                            .contentType(MediaType.APPLICATION_JSON)
                            .header("webhook-id", id)
                            .header("webhook-timestamp", timestamp)
                            .header("webhook-signature", StandardWebhookVerifier.signatureHeader(account.secret(), id, timestamp, bytes))
                            .bodyValue(bytes)
                            .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                                    ? response.releaseBody()
                                    : response.releaseBody().then(Mono.error(new IllegalStateException(
                                            "callback answered HTTP " + response.statusCode().value()))))
                            .timeout(properties.callbackTimeout());
                })
                .retryWhen(Retry.backoff(Math.max(0, properties.callbackAttempts() - 1), Duration.ofMillis(200)))
                .then(Mono.defer(() -> calls.callbackResult(call.callId(), clock.instant(), null)))
                .onErrorResume(e -> {
                    log.warn("Could not tell the PBX to ring agent {} for call {}: {}", agentId, call.callId(), e.toString());
                    return calls.callbackResult(call.callId(), clock.instant(), e.toString());
                });
    }
}
