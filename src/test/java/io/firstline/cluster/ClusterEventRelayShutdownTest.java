package io.firstline.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import io.firstline.intake.kafka.KafkaTestBroker;
import io.firstline.routing.OfferRevoked;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A normal shutdown of the event relay on a real in-JVM broker: the events it holds when it closes still reach
 * {@code firstline.events}, and the events the bus publishes while the other beans stop are not counted (nor
 * logged) as dropped for a full queue, which they used to be.
 */
class ClusterEventRelayShutdownTest {

    @Test
    void aClosingRelaySendsWhatItHoldsAndDoesNotCountLaterEventsAsAFullQueue() throws Exception {
        String topic = "relay-shutdown-" + UUID.randomUUID();
        ClusterProperties properties = new ClusterProperties("node-shutdown", topic, 1, (short) 1, 64,
                Duration.ofSeconds(10), Duration.ofSeconds(30), topic + ".routing", topic + ".group", Duration.ofSeconds(10),
                Duration.ofSeconds(5), 100, true);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (KafkaTestBroker broker = KafkaTestBroker.start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            ClusterEventRelay relay = new ClusterEventRelay(properties, broker.bootstrapServers(), Map.of(),
                    new ClusterEventCodec(JsonMapper.builder().build()),
                    new EventKeys(workspace -> Mono.empty(), agent -> Mono.empty(), "demo"), meters);
            relay.start();
            for (int i = 0; i < 20; i++) {
                relay.on(new OfferRevoked(3, "offer-" + i, 7, "expired"));
            }
            relay.close();
            relay.on(new OfferRevoked(3, "after-close", 7, "expired"));

            assertThat(meters.get("firstline.cluster.events.dropped").counter().count()).isZero();
            assertThat(read(broker.bootstrapServers(), topic, 20, Duration.ofSeconds(20))).hasSize(20);
        }
    }

    /** Reads the topic from the beginning until {@code count} records arrived or the timeout passed. */
    private static List<ConsumerRecord<String, byte[]>> read(String bootstrapServers, String topic, int count, Duration timeout) {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers, "group.id", "reader-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest", "key.deserializer", StringDeserializer.class,
                "value.deserializer", ByteArrayDeserializer.class);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
