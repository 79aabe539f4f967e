package io.firstline.intake.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import io.firstline.kernel.Channel;
import io.firstline.kernel.StorableText;
import io.firstline.platform.web.Failures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The dead-letter topic: an intake record that is not a readable envelope ({@code unparseable}) or whose processing
 * failed every attempt ({@code unprocessable}), or once with a permanent failure ({@code permanent}), is written there as it came, with the reason in
 * {@code firstline.dlq.*} headers (reason, detail, topic, partition, offset, attempts, at).
 */
final class KafkaDeadLetters {

    private static final String HEADER_PREFIX = "firstline.dlq.";
    private static final Logger log = LoggerFactory.getLogger(KafkaDeadLetters.class);

    private final KafkaIntakeProperties properties;
    private final KafkaIntakeProducer producer;
    private final KafkaIntakeTopics topics;
    private final KafkaIntakeMetrics metrics;
    private final Clock clock;

    KafkaDeadLetters(KafkaIntakeProperties properties, KafkaIntakeProducer producer, KafkaIntakeTopics topics,
                     KafkaIntakeMetrics metrics, Clock clock) {
        this.properties = properties;
        this.producer = producer;
        this.topics = topics;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * The record is not a readable envelope ({@code unparseable}), or a readable one the database can never store
     * ({@code invalid}: text with U+0000, ...); either way it is never attempted.
     */
    Mono<Void> unparseable(ConsumerRecord<String, byte[]> record, Throwable error) {
        return write(record, error instanceof StorableText.UnstorableTextException ? "invalid" : "unparseable",
                describe(error), 0);
    }

    /**
     * Processing the record failed {@code processing-attempts} times, or once with a permanent failure (reason
     * {@code permanent}: data the database can never store, not retried).
     */
    Mono<Void> unprocessable(ConsumerRecord<String, byte[]> record, Throwable error) {
        return Failures.permanent(error) ? write(record, "permanent", describe(error), 1)
                : write(record, "unprocessable", describe(error), properties.processingAttempts());
    }

    /** Writes the record as it came, with the reason in headers, and waits for the broker; retried until it succeeds. */
    private Mono<Void> write(ConsumerRecord<String, byte[]> record, String reason, String detail, int attempts) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        header(headers, "reason", reason);
        header(headers, "detail", detail);
        header(headers, "topic", record.topic());
        header(headers, "partition", Integer.toString(record.partition()));
        header(headers, "offset", Long.toString(record.offset()));
        header(headers, "attempts", Integer.toString(attempts));
        header(headers, "at", clock.instant().toString());
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(properties.deadLetterTopic(), null, record.key(), record.value(), headers);
        Channel channel = topics.channelOf(record.topic());
        return producer.send(dead)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5))
                        .doBeforeRetry(signal -> log.warn("Could not write to {}, retrying: {}", properties.deadLetterTopic(),
                                signal.failure().toString())))
                .then(Mono.fromRunnable(() -> metrics.deadLettered(channel, reason)));
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.remove(HEADER_PREFIX + name);
        headers.add(HEADER_PREFIX + name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        String text = message == null ? error.getClass().getName() : message;
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }
}
