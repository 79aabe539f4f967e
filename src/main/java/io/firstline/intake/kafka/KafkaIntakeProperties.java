package io.firstline.intake.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Kafka intake ({@code firstline.kafka.*}); Kafka mode is on when {@code bootstrap-servers} is set.
 *
 * @param topicPrefix       topics are {@code <prefix><channel>}, e.g. {@code firstline.intake.webchat}
 * @param sendTimeout       how long a webhook waits for the broker's acknowledgement before answering 503
 * @param retryAfter        the {@code Retry-After} of that 503
 * @param processingAttempts attempts to process one record before it goes to the dead-letter topic
 * @param maxDeferredCommits records processed out of order whose offsets wait for earlier ones; beyond it the consumer pauses
 * @param shutdownTimeout   how long a stopping node waits for records in flight before it closes the consumer
 * @param sessionTimeout    how long the broker waits for a silent node before it gives the node's intake partitions to
 *                          another (10 s, like routing's {@code firstline.cluster.session-timeout}; Kafka's own
 *                          default is 45 s); a {@code session.timeout.ms} in {@code client} wins
 * @param client            extra Kafka client settings for admin, producer and consumer (security, SASL, ...)
 */
@ConfigurationProperties("firstline.kafka")
public record KafkaIntakeProperties(
        String bootstrapServers,
        @DefaultValue("firstline.intake.") String topicPrefix,
        @DefaultValue("firstline.intake.dlq") String deadLetterTopic,
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("firstline-intake") String groupId,
        @DefaultValue("3s") Duration sendTimeout,
        @DefaultValue("2s") Duration retryAfter,
        @DefaultValue("3") int processingAttempts,
        @DefaultValue("200ms") Duration retryBackoff,
        @DefaultValue("1s") Duration commitInterval,
        @DefaultValue("10000") int maxDeferredCommits,
        @DefaultValue("10s") Duration shutdownTimeout,
        @DefaultValue("30s") Duration startupTimeout,
        @DefaultValue("15s") Duration lagInterval,
        @DefaultValue("10s") Duration sessionTimeout,
        Map<String, String> client) {

    public KafkaIntakeProperties {
        client = client == null ? Map.of() : Map.copyOf(client);
    }

    String topic(String channelWireName) {
        return topicPrefix + channelWireName;
    }

    /** The settings every client of the intake shares ({@link #client}, the bootstrap servers), named {@code clientId}. */
    Map<String, Object> clientConfig(String clientId) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return config;
    }
}
