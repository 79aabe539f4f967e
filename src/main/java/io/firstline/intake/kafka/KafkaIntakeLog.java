package io.firstline.intake.kafka;

import java.time.Clock;
import io.firstline.intake.InboundEnvelope;
import io.firstline.intake.IntakeDelivery;
import io.firstline.intake.IntakeFullException;
import io.firstline.intake.IntakeLog;
import io.firstline.intake.IntakeOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Intake on Apache Kafka: one topic per channel ({@code firstline.intake.<channel>}), keyed by the conversation key.
 * {@code append} completes once the broker acknowledged the record within {@code send-timeout}, else it fails with
 * {@link IntakeFullException} (the webhook answers 503 + Retry-After) — see {@link KafkaIntakeProducer}.
 * {@code deliveries()} is one consumer of the group, committing offsets only after the core settled them, and
 * dead-lettering what cannot be processed — see {@link KafkaIntakeConsumer} and {@link KafkaDeadLetters}.
 * <p>
 * Starting creates the missing topics ({@link KafkaIntakeTopics}) and connects the producer; stopping stops handing
 * out records, waits for those in flight, commits, then closes.
 */
public class KafkaIntakeLog implements IntakeLog, SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KafkaIntakeLog.class);

    private final KafkaIntakeProperties properties;
    private final KafkaIntakeTopics topics;
    private final KafkaIntakeProducer producer;
    private final KafkaIntakeConsumer consumer;
    private final KafkaBrokerCheck brokers;
    private volatile boolean running;

    public KafkaIntakeLog(KafkaIntakeProperties properties, JsonMapper json, MeterRegistry meters, Clock clock) {
        EnvelopeCodec codec = new EnvelopeCodec(json);
        KafkaIntakeMetrics metrics = new KafkaIntakeMetrics(meters);
        this.properties = properties;
        this.topics = new KafkaIntakeTopics(properties);
        this.producer = new KafkaIntakeProducer(properties, topics, codec);
        KafkaDeadLetters deadLetters = new KafkaDeadLetters(properties, producer, topics, metrics, clock);
        this.consumer = new KafkaIntakeConsumer(properties, topics, codec, deadLetters, metrics);
        this.brokers = new KafkaBrokerCheck(properties);
    }

    /** For readiness: the brokers the cluster reports, or an error when none answers within {@code timeout}. */
    public Mono<Integer> reachableBrokers(java.time.Duration timeout) {
        return brokers.brokers(timeout);
    }

    @Override
    public Mono<IntakeOutcome> append(InboundEnvelope envelope) {
        return producer.append(envelope);
    }

    @Override
    public Flux<IntakeDelivery> deliveries() {
        return consumer.deliveries();
    }

    /** Creates missing topics and connects the producer; the app does not start without its broker. */
    @Override
    public void start() {
        topics.ensure();
        producer.connect();
        running = true;
        log.info("Kafka intake on {} (topics {}*, dead letters {})", properties.bootstrapServers(), properties.topicPrefix(),
                properties.deadLetterTopic());
    }

    @Override
    public void stop() {
        running = false;
        consumer.stop();
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
        brokers.close();
        producer.close();
    }
}
