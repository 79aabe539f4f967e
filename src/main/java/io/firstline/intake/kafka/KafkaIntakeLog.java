package io.firstline.intake.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import io.firstline.kernel.Channel;
import io.firstline.intake.InboundEnvelope;
import io.firstline.intake.IntakeDelivery;
import io.firstline.intake.IntakeFullException;
import io.firstline.intake.IntakeLog;
import io.firstline.intake.IntakeOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOffset;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverRecord;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;
import reactor.util.concurrent.Queues;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Intake on Apache Kafka: one topic per channel ({@code firstline.intake.<channel>}), keyed by
 * the conversation key. {@code append} completes once the broker acknowledged the record
 * ({@code acks=all}, idempotent producer) within {@code send-timeout}, else it fails with
 * {@link IntakeFullException} (the webhook answers 503 + Retry-After).
 * <p>
 * {@code deliveries()} is one consumer of the group. A delivery's offset is acknowledged when
 * the core settles it after its transaction; offsets are committed in order per partition
 * (out-of-order acknowledgements wait for the gaps), so a crash redelivers, never skips. A
 * record that is not a readable envelope, or whose processing failed {@code processing-attempts}
 * times, goes to the dead-letter topic with the reason in headers, and the stream goes on.
 * Stopping stops handing out records, waits for those in flight, commits, then closes.
 */
public class KafkaIntakeLog implements IntakeLog, SmartLifecycle, DisposableBean {

    /** The channels that have an intake topic. */
    static final List<Channel> CHANNELS = List.of(Channel.PHONE, Channel.WEBCHAT, Channel.EMAIL, Channel.WECHAT);

    static final String HEADER_PREFIX = "firstline.dlq.";
    private static final Logger log = LoggerFactory.getLogger(KafkaIntakeLog.class);
    private static final int FAILURE_QUEUE = 4096;
    private static final AtomicInteger CONSUMERS = new AtomicInteger();

    private final KafkaIntakeProperties properties;
    private final EnvelopeCodec codec;
    private final KafkaIntakeMetrics metrics;
    private final Map<String, Channel> channelOfTopic;
    private final KafkaSender<String, byte[]> sender;
    private volatile boolean running;
    private volatile Session session;

    public KafkaIntakeLog(KafkaIntakeProperties properties, JsonMapper json, MeterRegistry meters) {
        this.properties = properties;
        this.codec = new EnvelopeCodec(json);
        this.metrics = new KafkaIntakeMetrics(meters);
        this.channelOfTopic = CHANNELS.stream().collect(Collectors.toUnmodifiableMap(
                channel -> properties.topic(channel.wireName()), Function.identity()));
        this.sender = KafkaSender.create(SenderOptions.<String, byte[]>create(producerConfig())
                .maxInFlight(1024)
                .closeTimeout(properties.shutdownTimeout()));
    }

    // ---------------------------------------------------------------- producing

    @Override
    public Mono<IntakeOutcome> append(InboundEnvelope envelope) {
        return Mono.defer(() -> {
            String topic = properties.topic(envelope.channel().wireName());
            if (!channelOfTopic.containsKey(topic)) {
                return Mono.error(new IllegalArgumentException("no intake topic for channel " + envelope.channel().wireName()));
            }
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, envelope.conversationKey(), codec.encode(envelope));
            return sender.send(Mono.just(SenderRecord.create(record, null)))
                    .next()
                    .flatMap(result -> result.exception() == null
                            ? Mono.just(IntakeOutcome.queued())
                            : Mono.<IntakeOutcome>error(result.exception()))
                    .timeout(properties.sendTimeout())
                    // Not acknowledged in time: the sender retries, and a late duplicate is deduplicated downstream.
                    .onErrorMap(e -> new IntakeFullException("Kafka did not acknowledge the message within "
                            + properties.sendTimeout().toMillis() + " ms, retry later", properties.retryAfter()));
        });
    }

    // ---------------------------------------------------------------- consuming

    @Override
    public Flux<IntakeDelivery> deliveries() {
        return Flux.defer(() -> {
            Session current = new Session();
            session = current;
            return current.records();
        }).retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                .doBeforeRetry(signal -> log.warn("Kafka intake consumer failed, reconnecting: {}", signal.failure().toString())));
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
                    .concatMap(failure -> deadLetter(failure.record(), "unprocessable", describe(failure.error()), properties.processingAttempts())
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
            Channel channel = channelOfTopic.get(record.topic());
            metrics.consumed(channel);
            inFlight.incrementAndGet();
            InboundEnvelope envelope;
            try {
                envelope = codec.decode(channel, record.key(), record.value(), record.timestamp());
            } catch (RuntimeException e) {
                log.warn("Unreadable intake record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
                return deadLetter(record, "unparseable", describe(e), 0)
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
            return ReceiverOptions.<String, byte[]>create(consumerConfig())
                    .withKeyDeserializer(new StringDeserializer())
                    .withValueDeserializer(new ByteArrayDeserializer())
                    .subscription(channelOfTopic.keySet())
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
                    .doBeforeRetry(signal -> {
                        metrics.failed(channel);
                        log.info("Retrying intake record {}-{}@{} after: {}", record.topic(), record.partition(),
                                record.offset(), signal.failure().toString());
                    })
                    .onRetryExhaustedThrow((spec, signal) -> signal.failure());
        }
    }

    /** Writes the record as it came, with the reason in headers, and waits for the broker; retried until it succeeds. */
    private Mono<Void> deadLetter(ReceiverRecord<String, byte[]> record, String reason, String detail, int attempts) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        header(headers, "reason", reason);
        header(headers, "detail", detail);
        header(headers, "topic", record.topic());
        header(headers, "partition", Integer.toString(record.partition()));
        header(headers, "offset", Long.toString(record.offset()));
        header(headers, "attempts", Integer.toString(attempts));
        header(headers, "at", Instant.now().toString());
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(properties.deadLetterTopic(), null, record.key(), record.value(), headers);
        Channel channel = channelOfTopic.get(record.topic());
        return sender.send(Mono.just(SenderRecord.create(dead, null)))
                .next()
                .flatMap(result -> result.exception() == null ? Mono.just(result) : Mono.error(result.exception()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5))
                        .doBeforeRetry(signal -> log.warn("Could not write to {}, retrying: {}", properties.deadLetterTopic(),
                                signal.failure().toString())))
                .doOnNext(result -> metrics.deadLettered(channel, reason))
                .then();
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

    // ---------------------------------------------------------------- lifecycle

    /** Creates missing topics and connects the producer; the app does not start without its broker. */
    @Override
    public void start() {
        ensureTopics();
        try {
            sender.doOnProducer(producer -> {
                channelOfTopic.keySet().forEach(producer::partitionsFor);
                return true;
            }).block(properties.startupTimeout());
        } catch (RuntimeException e) {
            log.info("Kafka producer metadata not ready yet: {}", e.toString());
        }
        running = true;
        log.info("Kafka intake on {} (topics {}*, dead letters {})", properties.bootstrapServers(), properties.topicPrefix(),
                properties.deadLetterTopic());
    }

    void ensureTopics() {
        try (Admin admin = Admin.create(adminConfig())) {
            long timeout = properties.startupTimeout().toMillis();
            Set<String> existing = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = Stream.concat(channelOfTopic.keySet().stream(), Stream.of(properties.deadLetterTopic()))
                    .filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, properties.partitions(), properties.replicationFactor()))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            log.info("Creating Kafka topics {}", missing.stream().map(NewTopic::name).toList());
            for (var result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(timeout, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // another node was quicker
                        throw e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the Kafka intake topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka at " + properties.bootstrapServers() + " is not reachable or refused the intake topics: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        running = false;
        Session current = session;
        if (current != null) {
            current.stopAndAwait();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Started before the intake pump (phase 1) and stopped after it, after the web server stopped taking webhooks. */
    @Override
    public int getPhase() {
        return 0;
    }

    @Override
    public void destroy() {
        sender.close();
    }

    // ---------------------------------------------------------------- client settings

    private Map<String, Object> common() {
        Map<String, Object> config = new HashMap<>(properties.client());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        return config;
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> config = common();
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "firstline-intake-admin");
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = common();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "firstline-intake-producer");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A full buffer or unknown metadata must not hold a webhook longer than its deadline.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, properties.sendTimeout().toMillis());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = common();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "firstline-intake-consumer-" + CONSUMERS.incrementAndGet());
        // Records that third parties wrote before the first Firstline node started are consumed too.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }
}
