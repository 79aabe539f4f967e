package io.firstline.intake;

import java.time.Clock;
import io.firstline.intake.embedded.EmbeddedIntakeLog;
import io.firstline.intake.kafka.KafkaIntakeLog;
import io.firstline.intake.kafka.KafkaIntakeProperties;
import io.firstline.intake.kafka.KafkaMode;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Embedded intake by default; Kafka intake when {@code firstline.kafka.bootstrap-servers} is set. */
@Configuration(proxyBeanMethods = false)
class IntakeConfig {

    @Bean
    @Conditional(KafkaMode.Off.class)
    IntakeLog intakeLog(IntakeProperties properties) {
        return new EmbeddedIntakeLog(properties.capacity(), properties.retryAfter());
    }

    /** Declared as its own type so its lifecycle (topics at start, draining at stop) is seen. */
    @Bean
    @Conditional(KafkaMode.class)
    KafkaIntakeLog kafkaIntakeLog(KafkaIntakeProperties properties, JsonMapper json, MeterRegistry meters, Clock clock) {
        return new KafkaIntakeLog(properties, json, meters, clock);
    }
}
