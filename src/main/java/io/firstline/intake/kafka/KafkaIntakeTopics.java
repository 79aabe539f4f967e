package io.firstline.intake.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import io.firstline.kernel.Channel;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The intake topics, one per channel ({@code <prefix><channel>}), and the dead-letter topic; creates the missing ones. */
final class KafkaIntakeTopics {

    /** The channels that have an intake topic. */
    private static final List<Channel> CHANNELS = List.of(Channel.PHONE, Channel.WEBCHAT, Channel.EMAIL, Channel.WECHAT);

    private static final Logger log = LoggerFactory.getLogger(KafkaIntakeTopics.class);

    private final KafkaIntakeProperties properties;
    private final Map<String, Channel> channelOfTopic;

    KafkaIntakeTopics(KafkaIntakeProperties properties) {
        this.properties = properties;
        this.channelOfTopic = CHANNELS.stream().collect(Collectors.toUnmodifiableMap(
                channel -> properties.topic(channel.wireName()), Function.identity()));
    }

    /** The intake topic of {@code channel}; empty for a channel without one. */
    Optional<String> topicOf(Channel channel) {
        String topic = properties.topic(channel.wireName());
        return channelOfTopic.containsKey(topic) ? Optional.of(topic) : Optional.empty();
    }

    /** The channel whose intake topic this is. */
    Channel channelOf(String topic) {
        return channelOfTopic.get(topic);
    }

    Set<String> intakeTopics() {
        return channelOfTopic.keySet();
    }

    /** Creates the intake and dead-letter topics that do not exist yet; fails when the broker is not reachable. */
    void ensure() {
        try (Admin admin = Admin.create(properties.clientConfig("firstline-intake-admin"))) {
            long timeout = properties.startupTimeout().toMillis();
            Set<String> existing = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = Stream.concat(intakeTopics().stream(), Stream.of(properties.deadLetterTopic()))
                    .filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, properties.partitions(), properties.replicationFactor()))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            log.info("Creating Kafka topics {}", missing.stream().map(NewTopic::name).toList());
            for (var result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(timeout, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // another node was quicker
                        throw e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the Kafka intake topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka at " + properties.bootstrapServers() + " is not reachable or refused the intake topics: "
                    + e.getMessage(), e);
        }
    }
}
