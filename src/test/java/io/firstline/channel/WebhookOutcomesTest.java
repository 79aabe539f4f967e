package io.firstline.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Consumer;
import io.firstline.intake.IntakeFullException;
import io.firstline.kernel.Channel;
import io.firstline.platform.web.Problems;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** What a webhook answers when its message did not become durable: always a retry-later, never an acknowledgement. */
class WebhookOutcomesTest {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final WebhookOutcomes outcomes = new WebhookOutcomes(meters, Channel.WEBCHAT);

    private static Consumer<Throwable> answer(HttpStatus status, String detail, String retryAfter) {
        return error -> {
            assertThat(error).isInstanceOf(ErrorResponseException.class);
            ErrorResponseException answer = (ErrorResponseException) error;
            assertThat(answer.getStatusCode()).isEqualTo(status);
            assertThat(answer.getBody().getDetail()).isEqualTo(detail);
            assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo(retryAfter);
        };
    }

    private double unavailable() {
        return outcomes.counter("unavailable").count();
    }

    @Test
    void aStoredMessagePassesThroughUnchanged() {
        StepVerifier.create(Mono.just("stored").transform(outcomes.retryLaterUnlessStored("the message", RETRY_AFTER)))
                .expectNext("stored")
                .verifyComplete();
        assertThat(unavailable()).isZero();
    }

    @Test
    void aFullIntakeLogAnswers503WithItsOwnMessageAndRetryAfter() {
        Mono<String> full = Mono.error(new IntakeFullException("intake is at capacity, retry in 7 s", Duration.ofSeconds(7)));
        StepVerifier.create(full.transform(outcomes.retryLaterUnlessStored("the message", RETRY_AFTER)))
                .consumeErrorWith(answer(HttpStatus.SERVICE_UNAVAILABLE, "intake is at capacity, retry in 7 s", "7"))
                .verify();
        assertThat(unavailable()).isEqualTo(1);
    }

    @Test
    void aPermanentFailureIsABadRequestOnceAndATransientOneARetryLater() {
        Mono<String> nul = Mono.error(new org.springframework.dao.DataIntegrityViolationException("insert failed",
                new io.r2dbc.spi.R2dbcDataIntegrityViolationException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021")));
        StepVerifier.create(nul.transform(outcomes.retryLaterUnlessStored("the message", RETRY_AFTER)))
                .consumeErrorWith(answer(HttpStatus.BAD_REQUEST,
                        "the message contains a character the database cannot store (such as U+0000, NUL)", null))
                .verify();
        assertThat(outcomes.counter("malformed").count()).isEqualTo(1);

        Mono<String> serialization = Mono.error(new io.r2dbc.spi.R2dbcRollbackException("could not serialize access", "40001"));
        StepVerifier.create(serialization.transform(outcomes.retryLaterUnlessStored("the message", RETRY_AFTER)))
                .consumeErrorWith(answer(HttpStatus.SERVICE_UNAVAILABLE, "the message could not be stored, retry later", "2"))
                .verify();
        assertThat(unavailable()).isEqualTo(1);
    }

    @Test
    void anyOtherFailureAsksTheSenderToRetryNamingWhatWasNotStored() {
        Mono<String> broken = Mono.error(new IllegalStateException("connection reset"));
        StepVerifier.create(broken.transform(outcomes.retryLaterUnlessStored("the call event", RETRY_AFTER)))
                .consumeErrorWith(answer(HttpStatus.SERVICE_UNAVAILABLE, "the call event could not be stored, retry later", "2"))
                .verify();
    }

    @Test
    void anAnswerAlreadyChosenIsKept() {
        Mono<String> refused = Mono.error(Problems.badRequest("text is required"));
        StepVerifier.create(refused.transform(outcomes.retryLaterUnlessStored("the message", RETRY_AFTER)))
                .consumeErrorWith(answer(HttpStatus.BAD_REQUEST, "text is required", null))
                .verify();
        assertThat(unavailable()).isZero();
    }

    @Test
    void aMessageNotStoredBeforeTheProvidersDeadlineAsksForTheProvidersRetry() {
        StepVerifier.withVirtualTime(() -> Mono.<String>never()
                        .transform(outcomes.retryLaterUnlessStored("the message", RETRY_AFTER, Duration.ofMillis(4500), "WeChat")))
                .expectSubscription()
                .thenAwait(Duration.ofMillis(4500))
                .consumeErrorWith(answer(HttpStatus.SERVICE_UNAVAILABLE,
                        "the message was not stored within 4500 ms; WeChat will retry", "2"))
                .verify();
    }

    @Test
    void withADeadlineAFullIntakeLogStillAnswersWithItsOwnRetryAfter() {
        Mono<String> full = Mono.error(new IntakeFullException(Duration.ofSeconds(3)));
        StepVerifier.create(full.transform(outcomes.retryLaterUnlessStored("the message", RETRY_AFTER, Duration.ofSeconds(5), "WeChat")))
                .consumeErrorWith(answer(HttpStatus.SERVICE_UNAVAILABLE, "intake is at capacity, retry in 3 s", "3"))
                .verify();
    }
}
