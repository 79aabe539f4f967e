package io.firstline.intake.kafka;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** Kafka mode: {@code firstline.kafka.bootstrap-servers} (env {@code FIRSTLINE_KAFKA_BOOTSTRAP_SERVERS}) is set and not blank. */
public final class KafkaMode implements Condition {

    static final String PROPERTY = "firstline.kafka.bootstrap-servers";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return StringUtils.hasText(context.getEnvironment().getProperty(PROPERTY));
    }

    /** The opposite: the embedded intake log. */
    public static final class Off implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty(PROPERTY));
        }
    }
}
