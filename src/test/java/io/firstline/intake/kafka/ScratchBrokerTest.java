package io.firstline.intake.kafka;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import java.util.List;

class ScratchBrokerTest {
    @Test
    void restart() throws Exception {
        long t0 = System.currentTimeMillis();
        try (KafkaTestBroker broker = KafkaTestBroker.start()) {
            System.out.println("STARTED " + broker.bootstrapServers() + " in " + (System.currentTimeMillis() - t0));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
            }
            Map<String, Object> cfg = Map.of("bootstrap.servers", broker.bootstrapServers(), "key.serializer", StringSerializer.class,
                    "value.serializer", StringSerializer.class, "acks", "all", "max.block.ms", 3000);
            try (KafkaProducer<String, String> p = new KafkaProducer<>(cfg)) {
                p.send(new ProducerRecord<>("t", "k", "v")).get(10, TimeUnit.SECONDS);
                long t1 = System.currentTimeMillis();
                broker.stopBroker();
                System.out.println("STOPPED in " + (System.currentTimeMillis() - t1));
                t1 = System.currentTimeMillis();
                broker.startBroker();
                System.out.println("RESTARTED " + broker.bootstrapServers() + " in " + (System.currentTimeMillis() - t1));
                t1 = System.currentTimeMillis();
                p.send(new ProducerRecord<>("t", "k", "v2")).get(30, TimeUnit.SECONDS);
                System.out.println("SENT AFTER RESTART in " + (System.currentTimeMillis() - t1));
            }
        }
    }
}
