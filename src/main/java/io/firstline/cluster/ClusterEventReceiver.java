package io.firstline.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.firstline.kernel.EventBus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverPartition;

/**
 * Reads every partition of {@code firstline.events} (manual assignment: no consumer group shares them out, every node
 * reads everything), from the end as it was when the node started, and hands each event another node published to
 * this node's listeners ({@link EventBus#deliverFromPeer}: not to the relay, so nothing loops). Its own events are
 * skipped, as they were delivered locally when published. Nothing is committed: a restarted node starts at the end,
 * and its consoles get a fresh snapshot in their {@code hello}.
 */
final class ClusterEventReceiver {

    private static final Logger log = LoggerFactory.getLogger(ClusterEventReceiver.class);

    private final ClusterProperties properties;
    private final ClusterEventCodec codec;
    private final EventBus bus;
    private final KafkaReceiver<String, byte[]> receiver;
    private final Sinks.Empty<Void> positioned = Sinks.empty();
    private final Counter received;
    private final Counter unreadable;
    private Disposable running;

    ClusterEventReceiver(ClusterProperties properties, String bootstrapServers, Map<String, String> client,
                         List<TopicPartition> partitions, ClusterEventCodec codec, EventBus bus, MeterRegistry meters) {
        this.properties = properties;
        this.codec = codec;
        this.bus = bus;
        Map<String, Object> config = ClusterProperties.clientConfig(bootstrapServers, client,
                "firstline-events-receiver-" + properties.nodeId());
        // Its own group, never shared and never committed to: the group id only names the client on the broker.
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "firstline-events-" + properties.nodeId());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        this.receiver = KafkaReceiver.create(ReceiverOptions.<String, byte[]>create(config)
                .assignment(partitions)
                .commitInterval(Duration.ZERO)
                .commitBatchSize(0)
                .addAssignListener(assigned -> {
                    // Fixes the start position now, so no event published after start-up is skipped.
                    assigned.forEach(ReceiverPartition::position);
                    positioned.tryEmitEmpty();
                }));
        this.received = Counter.builder("firstline.cluster.events.received")
                .description("events from other nodes delivered to this node's listeners").register(meters);
        this.unreadable = Counter.builder("firstline.cluster.events.unreadable")
                .description("records on the events topic that are not a known event").register(meters);
    }

    /** Starts reading and waits (start-up, main thread) until every partition has its start position. */
    void start() {
        running = receiver.receive()
                .subscribe(this::deliver, e -> log.error("Cluster event receiver stopped: {}", e.toString()));
        positioned.asMono().block(properties.startupTimeout());
        log.info("Node {} receives the other nodes' events from {}", properties.nodeId(), properties.eventsTopic());
    }

    private void deliver(ConsumerRecord<String, byte[]> record) {
        String origin = header(record, ClusterEventCodec.ORIGIN_HEADER);
        if (properties.nodeId().equals(origin)) {
            return;
        }
        codec.decode(header(record, ClusterEventCodec.TYPE_HEADER), record.value()).ifPresentOrElse(event -> {
            received.increment();
            bus.deliverFromPeer(event);
        }, () -> {
            unreadable.increment();
            log.warn("Skipped an unreadable record at {}-{}@{}", record.topic(), record.partition(), record.offset());
        });
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    void close() {
        if (running != null) {
            running.dispose();
        }
    }
}
