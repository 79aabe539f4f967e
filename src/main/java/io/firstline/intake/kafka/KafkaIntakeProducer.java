package io.firstline.intake.kafka;

import java.util.Map;
import io.firstline.intake.InboundEnvelope;
import io.firstline.intake.IntakeFullException;
import io.firstline.intake.IntakeOutcome;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;

/**
 * The intake's one producer ({@code acks=all}, idempotent). {@link #append} writes an envelope to its channel's topic,
 * keyed by the conversation key, and completes once the broker acknowledged it within {@code send-timeout}; else it
 * fails with {@link IntakeFullException}. The dead letters go through the same producer.
 */
final class KafkaIntakeProducer {

    private static final Logger log = LoggerFactory.getLogger(KafkaIntakeProducer.class);

    private final KafkaIntakeProperties properties;
    private final KafkaIntakeTopics topics;
    private final EnvelopeCodec codec;
    private final KafkaSender<String, byte[]> sender;

    KafkaIntakeProducer(KafkaIntakeProperties properties, KafkaIntakeTopics topics, EnvelopeCodec codec) {
        this.properties = properties;
        this.topics = topics;
        this.codec = codec;
        this.sender = KafkaSender.create(SenderOptions.<String, byte[]>create(producerConfig())
                .maxInFlight(1024)
                .closeTimeout(properties.shutdownTimeout()));
    }

    Mono<IntakeOutcome> append(InboundEnvelope envelope) {
        return Mono.defer(() -> {
            String topic = topics.topicOf(envelope.channel()).orElse(null);
            if (topic == null) {
                return Mono.error(new IllegalArgumentException("no intake topic for channel " + envelope.channel().wireName()));
            }
            return send(new ProducerRecord<>(topic, envelope.conversationKey(), codec.encode(envelope)))
                    .thenReturn(IntakeOutcome.queued())
                    .timeout(properties.sendTimeout())
                    // Not acknowledged in time: the sender retries, and a late duplicate is deduplicated downstream.
                    .onErrorMap(e -> new IntakeFullException("Kafka did not acknowledge the message within "
                            + properties.sendTimeout().toMillis() + " ms, retry later", properties.retryAfter()));
        });
    }

    /** Completes once the broker acknowledged the record; fails with the broker's error otherwise. */
    Mono<Void> send(ProducerRecord<String, byte[]> record) {
        return sender.send(Mono.just(SenderRecord.create(record, null)))
                .next()
                .flatMap(result -> result.exception() == null ? Mono.just(result) : Mono.error(result.exception()))
                .then();
    }

    /** Fetches the intake topics' metadata at start-up, so the first webhooks do not wait for it. */
    void connect() {
        try {
            sender.doOnProducer(producer -> {
                topics.intakeTopics().forEach(producer::partitionsFor);
                return true;
            }).block(properties.startupTimeout());
        } catch (RuntimeException e) {
            log.info("Kafka producer metadata not ready yet: {}", e.toString());
        }
    }

    void close() {
        sender.close();
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = properties.clientConfig("firstline-intake-producer");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A full buffer or unknown metadata must not hold a webhook longer than its deadline.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, properties.sendTimeout().toMillis());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }
}
