package io.firstline.intake;

import io.firstline.intake.embedded.EmbeddedIntakeLog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IntakeConfig {

    /** Embedded mode: the default while no Kafka is configured. */
    @Bean
    IntakeLog intakeLog(IntakeProperties properties) {
        return new EmbeddedIntakeLog(properties.capacity(), properties.retryAfter());
    }
}
