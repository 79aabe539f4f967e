package io.firstline.intake.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.firstline.kernel.Channel;
import io.firstline.intake.InboundEnvelope;
import io.firstline.platform.web.Failures;
import io.firstline.intake.IntakeDelivery;
import io.firstline.intake.IntakeOutcome;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOffset;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverRecord;
import reactor.util.concurrent.Queues;
import reactor.util.retry.Retry;

/**
 * The intake's consumer of the group. A delivery's offset is acknowledged when the core settles it after its
 * transaction; offsets are committed in order per partition (out-of-order acknowledgements wait for the gaps),
 * so a crash redelivers, never skips. A record that is not a readable envelope, or whose processing failed
 * {@code processing-attempts} times, goes to the dead letters and the stream goes on. {@link #stop} stops handing
 * out records, waits for those in flight, commits, then lets the consumer close.
 */
final class KafkaIntakeConsumer {

    private static final Logger log = LoggerFactory.getLogger(KafkaIntakeConsumer.class);
    private static final int FAILURE_QUEUE = 4096;
    private static final AtomicInteger CONSUMERS = new AtomicInteger();

    private final KafkaIntakeProperties properties;
    private final KafkaIntakeTopics topics;
    private final EnvelopeCodec codec;
    private final KafkaDeadLetters deadLetters;
    private final KafkaIntakeMetrics metrics;
    private volatile Session session;

    KafkaIntakeConsumer(KafkaIntakeProperties properties, KafkaIntakeTopics topics, EnvelopeCodec codec,
                        KafkaDeadLetters deadLetters, KafkaIntakeMetrics metrics) {
        this.properties = properties;
        this.topics = topics;
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    /** Each subscription is one Kafka consumer; it reconnects with backoff after a failure. */
    Flux<IntakeDelivery> deliveries() {
        return Flux.defer(() -> {
            Session current = new Session();
            session = current;
            return current.records();
        }).retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                .doBeforeRetry(signal -> log.warn("Kafka intake consumer failed, reconnecting: {}", signal.failure().toString())));
    }

    /** Stops the current consumer: waits (up to {@code shutdown-timeout}) for the records in flight, then commits. */
    void stop() {
        Session current = session;
        if (current != null) {
            current.stopAndAwait();
        }
    }

    /** One subscription of {@link #deliveries()}: one Kafka consumer and what it has handed out. */
    private final class Session {
        private final AtomicInteger inFlight = new AtomicInteger();
        private final Sinks.Empty<Void> stopRequested = Sinks.empty();
        private final Sinks.Empty<Void> drained = Sinks.empty();
        private final Sinks.Many<Failure> failures = Sinks.many().unicast()
                .onBackpressureBuffer(Queues.<Failure>get(FAILURE_QUEUE).get());
        private final CountDownLatch terminated = new CountDownLatch(1);
        private volatile boolean stopping;
        private volatile ReceiverOffset lastAcknowledged;

        Flux<IntakeDelivery> records() {
            KafkaReceiver<String, byte[]> receiver = KafkaReceiver.create(receiverOptions());
            Flux<IntakeDelivery> received = receiver.receive()
                    // After a stop, records are no longer handed out nor acknowledged: the next consumer gets them.
                    .filter(record -> !stopping)
                    .concatMap(this::admit);
            Flux<IntakeDelivery> deadLettering = failures.asFlux()
                    .concatMap(failure -> deadLetters.unprocessable(failure.record(), failure.error())
                            .then(Mono.fromRunnable(() -> settle(failure.record().receiverOffset())))
                            .then(Mono.<IntakeDelivery>empty()));
            Flux<IntakeDelivery> lagReports = Flux.interval(properties.lagInterval())
                    .onBackpressureDrop()
                    .concatMap(tick -> receiver.doOnConsumer(consumer -> {
                                consumer.assignment().forEach(tp -> consumer.currentLag(tp).ifPresent(lag -> metrics.lag(tp, lag)));
                                return true;
                            })
                            .onErrorResume(e -> Mono.empty())
                            .then(Mono.<IntakeDelivery>empty()));
            Mono<Boolean> finished = stopRequested.asMono()
                    .then(drained.asMono().timeout(properties.shutdownTimeout(), Mono.fromRunnable(() ->
                            log.warn("Kafka intake stopped with {} records still in flight; they will be redelivered", inFlight.get()))))
                    .then(Mono.defer(this::commitAcknowledged))
                    .thenReturn(true);
            return Flux.merge(received, deadLettering, lagReports)
                    .takeUntilOther(finished)
                    .doFinally(signal -> terminated.countDown());
        }

        private Mono<IntakeDelivery> admit(ReceiverRecord<String, byte[]> record) {
            Channel channel = topics.channelOf(record.topic());
            metrics.consumed(channel);
            inFlight.incrementAndGet();
            InboundEnvelope envelope;
            try {
                envelope = codec.decode(channel, record.key(), record.value(), record.timestamp());
            } catch (RuntimeException e) {
                log.warn("Unreadable intake record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
                return deadLetters.unparseable(record, e)
                        .then(Mono.fromRunnable(() -> settle(record.receiverOffset())))
                        .then(Mono.empty());
            }
            return Mono.just(new Delivery(this, record, envelope));
        }

        void settle(ReceiverOffset offset) {
            offset.acknowledge();
            lastAcknowledged = offset;
            if (inFlight.decrementAndGet() == 0 && stopping) {
                drained.tryEmitEmpty();
            }
        }

        void failed(ReceiverRecord<String, byte[]> record, Throwable error) {
            Sinks.EmitResult result;
            synchronized (failures) { // lanes fail on several threads; the sink wants one at a time
                result = failures.tryEmitNext(new Failure(record, error));
            }
            if (result.isFailure()) {
                // Left unacknowledged: its partition commits no further, and the record is redelivered after a restart.
                log.error("Could not queue intake record {}-{}@{} for the dead-letter topic: {}",
                        record.topic(), record.partition(), record.offset(), result);
            }
        }

        /** Forces a commit of everything acknowledged so far and waits for it. */
        private Mono<Void> commitAcknowledged() {
            ReceiverOffset offset = lastAcknowledged;
            return offset == null ? Mono.empty() : offset.commit()
                    .timeout(properties.shutdownTimeout())
                    .onErrorResume(e -> {
                        log.warn("Final Kafka intake commit failed: {}", e.toString());
                        return Mono.empty();
                    });
        }

        void stopAndAwait() {
            stopping = true;
            stopRequested.tryEmitEmpty();
            if (inFlight.get() == 0) {
                drained.tryEmitEmpty();
            }
            try {
                if (!terminated.await(properties.shutdownTimeout().multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("Kafka intake consumer did not stop in time");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private ReceiverOptions<String, byte[]> receiverOptions() {
            return ReceiverOptions.<String, byte[]>create(consumerConfig(properties))
                    .withKeyDeserializer(new StringDeserializer())
                    .withValueDeserializer(new ByteArrayDeserializer())
                    .subscription(topics.intakeTopics())
                    .commitInterval(properties.commitInterval())
                    .commitBatchSize(0)
                    .maxDeferredCommits(properties.maxDeferredCommits())
                    .maxDelayRebalance(properties.shutdownTimeout())
                    .closeTimeout(properties.shutdownTimeout())
                    .addAssignListener(partitions -> partitions.forEach(p -> metrics.assigned(p.topicPartition())))
                    .addRevokeListener(partitions -> partitions.forEach(p -> metrics.revoked(p.topicPartition())));
        }
    }

    private record Failure(ReceiverRecord<String, byte[]> record, Throwable error) {
    }

    private final class Delivery implements IntakeDelivery {
        private final Session session;
        private final ReceiverRecord<String, byte[]> record;
        private final InboundEnvelope envelope;
        private final Channel channel;

        Delivery(Session session, ReceiverRecord<String, byte[]> record, InboundEnvelope envelope) {
            this.session = session;
            this.record = record;
            this.envelope = envelope;
            this.channel = envelope.channel();
        }

        @Override
        public InboundEnvelope envelope() {
            return envelope;
        }

        @Override
        public void processed(IntakeOutcome outcome) {
            session.settle(record.receiverOffset());
        }

        @Override
        public void failed(Throwable error) {
            metrics.failed(channel);
            log.warn("Intake record {}-{}@{} failed {} times, sending it to {}: {}", record.topic(), record.partition(),
                    record.offset(), properties.processingAttempts(), properties.deadLetterTopic(), error.toString());
            session.failed(record, error);
        }

        @Override
        public Retry retries() {
            return Retry.backoff(Math.max(0, properties.processingAttempts() - 1), properties.retryBackoff())
                    // A permanent failure (text PostgreSQL cannot store, a constraint the record can never meet) goes
                    // to the dead letters at once: another attempt would fail the same way.
                    .filter(Failures::retryable)
                    .doBeforeRetry(signal -> {
                        metrics.failed(channel);
                        log.info("Retrying intake record {}-{}@{} after: {}", record.topic(), record.partition(),
                                record.offset(), signal.failure().toString());
                    })
                    .onRetryExhaustedThrow((spec, signal) -> signal.failure());
        }
    }

    static Map<String, Object> consumerConfig(KafkaIntakeProperties properties) {
        Map<String, Object> config = properties.clientConfig("firstline-intake-consumer-" + CONSUMERS.incrementAndGet());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        // Records that third parties wrote before the first Firstline node started are consumed too.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A killed node's intake partitions move as fast as its routing (Kafka's default would wait 45 s).
        long session = properties.sessionTimeout().toMillis();
        config.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) session);
        config.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(100, session / 4));
        return config;
    }
}
