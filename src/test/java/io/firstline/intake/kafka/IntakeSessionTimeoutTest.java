package io.firstline.intake.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The intake group's consumers leave a killed node's partitions to the others as fast as routing does: 10 s by
 * default (Kafka's own default is 45 s), {@code firstline.kafka.session-timeout} to change it, and an explicit
 * {@code session.timeout.ms} among the client settings still wins.
 */
class IntakeSessionTimeoutTest {

    @Test
    void theIntakeConsumerHasRoutingsSessionTimeoutUnlessToldOtherwise() {
        Map<String, Object> byDefault = KafkaIntakeConsumer.consumerConfig(bind(Map.of()));
        assertThat(byDefault).containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000)
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_500);

        Map<String, Object> configured = KafkaIntakeConsumer.consumerConfig(bind(Map.of("firstline.kafka.session-timeout", "6s")));
        assertThat(configured).containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);

        Map<String, Object> explicit = KafkaIntakeConsumer.consumerConfig(
                bind(Map.of("firstline.kafka.client.[session.timeout.ms]", "7000")));
        assertThat(explicit).containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "7000");
    }

    private static KafkaIntakeProperties bind(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("firstline.kafka.bootstrap-servers", "127.0.0.1:9092");
        return new Binder(new MapConfigurationPropertySource(all)).bind("firstline.kafka", KafkaIntakeProperties.class)
                .get();
    }
}
