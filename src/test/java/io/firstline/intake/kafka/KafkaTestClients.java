package io.firstline.intake.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients standing in for third-party producers and an operator reading the dead letters. */
final class KafkaTestClients {

    private KafkaTestClients() {
    }

    static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "acks", "all",
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class));
    }

    static void produce(KafkaProducer<String, byte[]> producer, String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads {@code topic} from the beginning until {@code count} records arrived or the timeout passed. */
    static List<ConsumerRecord<String, byte[]>> read(String bootstrapServers, String topic, int count, Duration timeout) {
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

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A version-1 envelope as a third party would write it. */
    static String envelope(String channel, String externalId, String customerHandle, String text) {
        return """
                {"version":1,"channel":"%s","account":"demo","externalId":"%s","conversationKey":"demo:%s",\
                "customerHandle":"demo:%s","customerName":"Visitor %s","text":"%s","receivedAt":"2026-01-05T08:30:00Z"}"""
                .formatted(channel, externalId, customerHandle, customerHandle, customerHandle, text);
    }
}
