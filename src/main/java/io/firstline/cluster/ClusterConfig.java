package io.firstline.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import io.firstline.kernel.EventBus;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/** Kafka mode only: the relay and receiver of {@code firstline.events}. Embedded mode has neither. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${firstline.kafka.bootstrap-servers:}'.trim().length() > 0")
@EnableConfigurationProperties(ClusterProperties.class)
class ClusterConfig {

    private static final Logger log = LoggerFactory.getLogger(ClusterConfig.class);

    @Bean
    ClusterEventRelay clusterEventRelay(ClusterProperties properties, ClusterEventCodec codec,
                                        @Value("${firstline.kafka.bootstrap-servers}") String bootstrapServers,
                                        ClientSettings client, @Value("${firstline.workspace.code:main}") String workspace,
                                        MeterRegistry meters) {
        return new ClusterEventRelay(properties, bootstrapServers.trim(), client.settings(), codec, workspace, meters);
    }

    @Bean
    ClusterEventCodec clusterEventCodec(JsonMapper json) {
        return new ClusterEventCodec(json);
    }

    @Bean
    ClientSettings clusterClientSettings(Environment environment) {
        return new ClientSettings(Binder.get(environment)
                .bind("firstline.kafka.client", Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
    }

    @Bean
    ClusterLifecycle clusterLifecycle(ClusterProperties properties, ClusterEventRelay relay, ClusterEventCodec codec,
                                      @Value("${firstline.kafka.bootstrap-servers}") String bootstrapServers,
                                      ClientSettings client, EventBus bus, MeterRegistry meters) {
        return new ClusterLifecycle(properties, relay, codec, bootstrapServers.trim(), client.settings(), bus, meters);
    }

    /** {@code firstline.kafka.client.*}: the intake's extra client settings (TLS, SASL), shared by the cluster's clients. */
    record ClientSettings(Map<String, String> settings) {
    }

    /**
     * Before the web server takes traffic: creates the events topic when missing, starts the relay's producers and
     * the receiver, which is positioned before start-up goes on. Stops after the web server.
     */
    static final class ClusterLifecycle implements SmartLifecycle {
        private final ClusterProperties properties;
        private final ClusterEventRelay relay;
        private final ClusterEventCodec codec;
        private final String bootstrapServers;
        private final Map<String, String> client;
        private final EventBus bus;
        private final MeterRegistry meters;
        private ClusterEventReceiver receiver;
        private volatile boolean running;

        ClusterLifecycle(ClusterProperties properties, ClusterEventRelay relay, ClusterEventCodec codec,
                         String bootstrapServers, Map<String, String> client, EventBus bus, MeterRegistry meters) {
            this.properties = properties;
            this.relay = relay;
            this.codec = codec;
            this.bootstrapServers = bootstrapServers;
            this.client = client;
            this.bus = bus;
            this.meters = meters;
        }

        @Override
        public void start() {
            List<TopicPartition> partitions = ensureTopic();
            relay.start();
            receiver = new ClusterEventReceiver(properties, bootstrapServers, client, partitions, codec, bus, meters);
            receiver.start();
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            if (receiver != null) {
                receiver.close();
            }
            relay.close();
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        /** Before the web server (which starts last) so a node never takes a socket it could not feed. */
        @Override
        public int getPhase() {
            return 0;
        }

        private List<TopicPartition> ensureTopic() {
            String topic = properties.eventsTopic();
            try (Admin admin = Admin.create(ClusterProperties.clientConfig(bootstrapServers, client,
                    "firstline-events-admin-" + properties.nodeId()))) {
                long timeout = properties.startupTimeout().toMillis();
                Set<String> existing = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
                if (!existing.contains(topic)) {
                    log.info("Creating Kafka topic {}", topic);
                    try {
                        admin.createTopics(List.of(new NewTopic(topic, properties.partitions(), properties.replicationFactor())))
                                .all().get(timeout, TimeUnit.MILLISECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) { // another node was quicker
                            throw e;
                        }
                    }
                }
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(timeout, TimeUnit.MILLISECONDS).get(topic);
                return IntStream.range(0, description.partitions().size())
                        .mapToObj(partition -> new TopicPartition(topic, partition)).toList();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating " + topic, e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Kafka at " + bootstrapServers + " is not reachable or refused " + topic
                        + ": " + e.getMessage(), e);
            }
        }
    }
}
