package io.firstline.intake.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import io.firstline.kernel.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka intake meters: {@code firstline.intake.kafka.consumed|failed|dead.lettered} counters per
 * channel, and {@code firstline.intake.kafka.lag{topic,partition}}, the records behind the end of
 * each partition this node consumes.
 */
final class KafkaIntakeMetrics {

    private final MeterRegistry meters;
    private final Map<TopicPartition, Lag> lags = new ConcurrentHashMap<>();

    KafkaIntakeMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** A record was read from an intake topic. */
    void consumed(Channel channel) {
        counter("firstline.intake.kafka.consumed", "Records read from the intake topics", channel).increment();
    }

    /** One attempt to process a record failed (it may be retried). */
    void failed(Channel channel) {
        counter("firstline.intake.kafka.failed", "Failed attempts to process an intake record", channel).increment();
    }

    /** A record was written to the dead-letter topic; reason: unparseable or unprocessable. */
    void deadLettered(Channel channel, String reason) {
        Counter.builder("firstline.intake.kafka.dead.lettered")
                .description("Intake records written to the dead-letter topic")
                .tag("channel", channel.wireName())
                .tag("reason", reason)
                .register(meters)
                .increment();
    }

    private Counter counter(String name, String description, Channel channel) {
        return Counter.builder(name).description(description).tag("channel", channel.wireName()).register(meters);
    }

    void assigned(TopicPartition partition) {
        lags.computeIfAbsent(partition, tp -> {
            AtomicLong value = new AtomicLong();
            Gauge gauge = Gauge.builder("firstline.intake.kafka.lag", value, AtomicLong::doubleValue)
                    .description("Records between this consumer's position and the end of the partition")
                    .tag("topic", tp.topic())
                    .tag("partition", Integer.toString(tp.partition()))
                    .register(meters);
            return new Lag(value, gauge);
        });
    }

    void revoked(TopicPartition partition) {
        Lag lag = lags.remove(partition);
        if (lag != null) {
            meters.remove(lag.gauge());
        }
    }

    void lag(TopicPartition partition, long records) {
        Lag lag = lags.get(partition);
        if (lag != null) {
            lag.value().set(records);
        }
    }

    private record Lag(AtomicLong value, Gauge gauge) {
    }
}
