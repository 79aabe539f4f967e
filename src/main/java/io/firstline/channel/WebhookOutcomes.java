package io.firstline.channel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import io.firstline.kernel.Channel;
import io.firstline.intake.IntakeFullException;
import io.firstline.intake.IntakeOutcome;
import io.firstline.platform.web.Failures;
import io.firstline.platform.web.Problems;
import java.time.Duration;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Mono;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.firstline.platform.metrics.LatencyTimers;
import java.util.List;
import java.util.Set;

/**
 * What every channel's webhook answers, counted per channel and outcome
 * ({@code firstline.webhooks{channel,outcome}}, refusals also as {@code firstline.webhooks.refused{channel,reason}}):
 * the bounded body, the refusals that store nothing, and the time until a message is durable
 * ({@code firstline.webhook.durable}).
 */
public final class WebhookOutcomes {

    /** Outcomes that are not refusals; every other outcome also counts as a refusal with that reason. */
    private static final Set<String> TAKEN = Set.of("accepted", "duplicate");
    /** Registered (at 0) up front, so rates and alerts see the series before the first refusal. */
    private static final List<String> COMMON_REFUSALS = List.of("unauthorized", "malformed", "too_large", "unavailable",
            "unknown_account");

    private final MeterRegistry meters;
    private final Channel channel;
    private final Timer durable;

    public WebhookOutcomes(MeterRegistry meters, Channel channel) {
        this.meters = meters;
        this.channel = channel;
        this.durable = LatencyTimers.webhookDurable(channel.wireName()).register(meters);
        TAKEN.forEach(this::counter);
        COMMON_REFUSALS.forEach(this::refusals);
    }

    /** Times {@code append}, from subscription to the intake log's answer that the message is durable. */
    public <T> Function<Mono<T>, Mono<T>> timedUntilDurable() {
        return append -> Mono.defer(() -> {
            Timer.Sample sample = Timer.start(meters);
            return append.doOnNext(stored -> sample.stop(durable));
        });
    }

    /** Counts one call with this outcome (and, unless the message was taken, one refusal with it as reason). */
    public void count(String outcome) {
        counter(outcome).increment();
        if (!TAKEN.contains(outcome)) {
            refusals(outcome).increment();
        }
    }

    private Counter refusals(String reason) {
        return Counter.builder("firstline.webhooks.refused")
                .description("Webhook calls refused (nothing stored), by channel and reason")
                .tag("channel", channel.wireName())
                .tag("reason", reason)
                .register(meters);
    }

    /**
     * The body of a webhook's 202: {@code {"contactId","duplicate"}}; both are {@code null} when the
     * message is durable but not processed yet (Kafka mode).
     */
    public static Map<String, Object> receipt(IntakeOutcome outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contactId", outcome.contactId());
        body.put("duplicate", outcome.duplicate());
        return body;
    }

    /** Counts a message the intake log took: {@code duplicate} when it had been taken before. */
    public void acknowledged(Boolean duplicate) {
        count(Boolean.TRUE.equals(duplicate) ? "duplicate" : "accepted");
    }

    /**
     * The tail of a webhook after {@code intake.append(..)}: when it fails, nothing was stored, so nothing is
     * acknowledged and the sender is asked to retry (503 + Retry-After), unless the failure is permanent (text that
     * cannot be stored, a constraint the data can never meet): that is 400 saying what was wrong. A full intake log answers with its own
     * message and Retry-After; any other failure that is not already an answer with
     * "{@code <what>} could not be stored, retry later" and {@code retryAfter}.
     */
    public <T> Function<Mono<T>, Mono<T>> retryLaterUnlessStored(String what, Duration retryAfter) {
        return stored -> stored
                .onErrorMap(IntakeFullException.class, full -> unavailable(full.getMessage(), full.retryAfter()))
                // Retrying cannot help a permanent failure: say what was wrong, once (the provider does not retry a 400).
                .onErrorMap(e -> !(e instanceof ErrorResponseException) && Failures.permanent(e),
                        e -> malformed(Failures.permanentDetail(e, what)))
                .onErrorMap(e -> !(e instanceof ErrorResponseException),
                        e -> unavailable(what + " could not be stored, retry later", retryAfter));
    }

    /**
     * {@link #retryLaterUnlessStored(String, Duration)} for a provider that stops waiting after {@code deadline}:
     * not stored by then answers "{@code <what>} was not stored within N ms; {@code <sender>} will retry".
     */
    public <T> Function<Mono<T>, Mono<T>> retryLaterUnlessStored(String what, Duration retryAfter, Duration deadline,
                                                                String sender) {
        return stored -> stored
                .timeout(deadline)
                .onErrorMap(TimeoutException.class, e -> unavailable(what + " was not stored within " + deadline.toMillis()
                        + " ms; " + sender + " will retry", retryAfter))
                .transform(retryLaterUnlessStored(what, retryAfter));
    }

    /** The whole body, refused with 413 beyond {@code maxBytes} (by Content-Length first, then while reading). */
    public Mono<byte[]> body(ServerHttpRequest request, long maxBytes) {
        if (request.getHeaders().getContentLength() > maxBytes) {
            return Mono.error(tooLarge(maxBytes));
        }
        return DataBufferUtils.join(request.getBody(), (int) Math.min(Integer.MAX_VALUE, maxBytes))
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge(maxBytes))
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0]);
    }

    public ErrorResponseException unauthorized(String detail) {
        count("unauthorized");
        return Problems.of(HttpStatus.UNAUTHORIZED, detail);
    }

    /** A refused Standard Webhooks signature, saying which part was wrong. */
    public ErrorResponseException unauthorized(StandardWebhookVerifier.Verdict verdict, Duration tolerance) {
        return unauthorized(switch (verdict) {
            case MISSING_HEADERS -> "webhook-id, webhook-timestamp and webhook-signature headers are required";
            case STALE_TIMESTAMP -> "webhook-timestamp is missing, malformed or more than "
                    + tolerance.toMinutes() + " minutes from the server's time";
            default -> "webhook-signature does not match";
        });
    }

    /** Nothing was stored, so nothing is acknowledged: the sender retries after {@code retryAfter}. */
    public ErrorResponseException unavailable(String detail, Duration retryAfter) {
        count("unavailable");
        ErrorResponseException busy = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, detail);
        busy.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        return busy;
    }

    /** Input that can never be stored: 400, nothing stored, counted as {@code malformed}. */
    public ErrorResponseException malformed(String detail) {
        count("malformed");
        return Problems.badRequest(detail);
    }

    public ErrorResponseException tooLarge(long maxBytes) {
        count("too_large");
        return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "body is larger than " + maxBytes + " bytes");
    }

    /** A message taken after characters that cannot be stored were removed from it (e-mail). */
    public void countStripped() {
        counter("stripped").increment();
    }

    Counter counter(String outcome) {
        return Counter.builder("firstline.webhooks")
                .description("Webhook calls by channel and outcome")
                .tag("channel", channel.wireName())
                .tag("outcome", outcome)
                .register(meters);
    }
}
