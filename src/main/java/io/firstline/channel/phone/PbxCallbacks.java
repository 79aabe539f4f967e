package io.firstline.channel.phone;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import io.firstline.channel.StandardWebhookVerifier;
import io.firstline.kernel.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generic form's "ring this agent" callbacks: a signed POST (Standard Webhooks, the account's secret) to the
 * account's {@code callback-url}, {@code {"callId","agentId","extension","contactId"}}, retried a few times; the
 * outcome is stored on the call. Nobody waits for the PBX — neither the agent's accept nor the webhook that joined a
 * call to its assignee — so {@link #ring} only queues the callback: at most {@value #QUEUE} wait, and one worker,
 * started with the app, sends {@value #CONCURRENCY} at a time. When the queue is full the callback is not sent and
 * the call says so.
 */
@Component
class PbxCallbacks implements SmartLifecycle {

    static final int QUEUE = 1024;
    static final int CONCURRENCY = 16;
    private static final Logger log = LoggerFactory.getLogger(PbxCallbacks.class);

    private final PhoneCalls calls;
    private final PhoneProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final WebClient http = WebClient.builder().build();
    // Multicast, not unicast: callbacks queued before start (or while stopped) wait for the worker, within the bound.
    private final Sinks.Many<Ring> queue = Sinks.many().multicast().onBackpressureBuffer(QUEUE, false);
    private volatile Disposable worker;

    PbxCallbacks(PhoneCalls calls, PhoneProperties properties, JsonMapper json, Clock clock) {
        this.calls = calls;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /** Queues the callback and completes at once; a full queue records on the call that it was not sent. */
    Mono<Void> ring(PhoneCalls.Call call, long agentId, String extension) {
        return Mono.defer(() -> {
            Sinks.EmitResult result;
            synchronized (queue) { // accepts and webhooks ring on several threads; the sink wants one at a time
                result = queue.tryEmitNext(new Ring(call, agentId, extension));
            }
            if (result.isSuccess()) {
                return Mono.empty();
            }
            log.warn("{} PBX callbacks are waiting ({}): the PBX is not told to ring agent {} for call {}",
                    QUEUE, result, agentId, call.callId());
            return calls.callbackResult(call.callId(), clock.instant(), "not sent: " + QUEUE + " callbacks were waiting");
        });
    }

    private Mono<Void> send(Ring ring) {
        PhoneCalls.Call call = ring.call();
        PhoneProperties.Account account = properties.accounts().get(call.account());
        if (account == null || account.callbackUrl() == null || account.callbackUrl().isBlank() || account.secret() == null) {
            log.warn("Phone account '{}' has no callback-url/secret: the PBX is not told to ring agent {} for call {}",
                    call.account(), ring.agentId(), call.callId());
            return calls.callbackResult(call.callId(), clock.instant(), "no callback-url configured");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("callId", call.callId());
        body.put("agentId", ring.agentId());
        body.put("extension", ring.extension());
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
                    log.warn("Could not tell the PBX to ring agent {} for call {}: {}", ring.agentId(), call.callId(), e.toString());
                    return calls.callbackResult(call.callId(), clock.instant(), e.toString());
                });
    }

    /** Starts the worker: the edge where the queued callbacks are subscribed to, {@value #CONCURRENCY} at a time. */
    @Override
    public synchronized void start() {
        if (worker == null) {
            worker = queue.asFlux()
                    // Off the thread that queued it: the caller holds the queue's lock while the sink hands it on.
                    .publishOn(Schedulers.parallel(), CONCURRENCY)
                    .flatMap(ring -> send(ring).onErrorResume(e -> {
                        log.warn("Could not store the PBX callback result for call {}: {}", ring.call().callId(), e.toString());
                        return Mono.empty();
                    }), CONCURRENCY)
                    .subscribe();
        }
    }

    /** Callbacks still in flight are abandoned; queued ones wait (within the bound) for a restart. */
    @Override
    public synchronized void stop() {
        if (worker != null) {
            worker.dispose();
            worker = null;
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    private record Ring(PhoneCalls.Call call, long agentId, String extension) {
    }
}
