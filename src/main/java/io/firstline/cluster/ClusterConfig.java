package io.firstline.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import io.firstline.kernel.EventBus;
import io.firstline.routing.RoutingEngine;
import io.firstline.routing.RoutingOwnership;
import io.firstline.routing.RoutingWorkspaces;
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

/** Kafka mode only: the relay and receiver of {@code firstline.events}, routing ownership. Embedded mode has none of them. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${firstline.kafka.bootstrap-servers:}'.trim().length() > 0")
@EnableConfigurationProperties(ClusterProperties.class)
class ClusterConfig {

    private static final Logger log = LoggerFactory.getLogger(ClusterConfig.class);

    @Bean
    ClusterEventRelay clusterEventRelay(ClusterProperties properties, ClusterEventCodec codec,
                                        @Value("${firstline.kafka.bootstrap-servers}") String bootstrapServers,
                                        ClientSettings client, @Value("${firstline.workspace.code:main}") String workspace,
                                        RoutingWorkspaces workspaces, RoutingEngine engine, MeterRegistry meters) {
        return new ClusterEventRelay(properties, bootstrapServers.trim(), client.settings(), codec,
                new EventKeys(new WorkspaceCodes(workspaces)::codeOf, engine::workspaceOfAgent, workspace), meters);
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
    ClusterRouting clusterRouting(ClusterProperties properties, ClusterEventCodec codec,
                                  @Value("${firstline.kafka.bootstrap-servers}") String bootstrapServers,
                                  ClientSettings client, RoutingWorkspaces workspaces,
                                  RoutingEngine engine, RoutingOwnership ownership, EventBus bus, MeterRegistry meters,
                                  @Value("${firstline.workspace.code:main}") String defaultWorkspace) {
        return new ClusterRouting(properties, codec, workspaces, bootstrapServers.trim(), client.settings(), engine,
                ownership, bus, meters, defaultWorkspace);
    }

    @Bean
    ClusterLifecycle clusterLifecycle(ClusterProperties properties, ClusterEventRelay relay, ClusterEventCodec codec,
                                      ClusterRouting routing,
                                      @Value("${firstline.kafka.bootstrap-servers}") String bootstrapServers,
                                      ClientSettings client, EventBus bus, MeterRegistry meters) {
        return new ClusterLifecycle(properties, relay, codec, routing, bootstrapServers.trim(), client.settings(), bus, meters);
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
        private final ClusterRouting routing;
        private final String bootstrapServers;
        private final Map<String, String> client;
        private final EventBus bus;
        private final MeterRegistry meters;
        private ClusterEventReceiver receiver;
        private volatile boolean running;

        ClusterLifecycle(ClusterProperties properties, ClusterEventRelay relay, ClusterEventCodec codec,
                         ClusterRouting routing, String bootstrapServers, Map<String, String> client, EventBus bus, MeterRegistry meters) {
            this.properties = properties;
            this.relay = relay;
            this.codec = codec;
            this.routing = routing;
            this.bootstrapServers = bootstrapServers;
            this.client = client;
            this.bus = bus;
            this.meters = meters;
        }

        @Override
        public void start() {
            int eventPartitions = ensureTopic(properties.eventsTopic());
            int routingPartitions = ensureTopic(properties.routingTopic());
            relay.start();
            receiver = new ClusterEventReceiver(properties, bootstrapServers, client, IntStream.range(0, eventPartitions)
                    .mapToObj(partition -> new TopicPartition(properties.eventsTopic(), partition)).toList(), codec, bus, meters);
            receiver.start();
            routing.start(routingPartitions);
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            routing.close();
            if (receiver != null) {
                receiver.close();
            }
            relay.close();
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        /** After routing's own start (phase 0), before the web server (which starts last). */
        @Override
        public int getPhase() {
            return 1;
        }

        /** A topic another node has just created may not be known to every broker yet: asks again for a while. */
        private static int partitionsOf(Admin admin, String topic, long timeout)
                throws InterruptedException, ExecutionException, TimeoutException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
            while (true) {
                try {
                    TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                            .get(timeout, TimeUnit.MILLISECONDS).get(topic);
                    return description.partitions().size();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                            || System.nanoTime() > deadline) {
                        throw e;
                    }
                    // Start-up, main thread: wait a moment for the metadata to reach this broker.
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                }
            }
        }

        /** Creates the topic when missing; its number of partitions. */
        private int ensureTopic(String topic) {
            try (Admin admin = Admin.create(ClusterProperties.clientConfig(bootstrapServers, client,
                    "firstline-events-admin-" + properties.nodeId()))) {
                long timeout = properties.startupTimeout().toMillis();
                Set<String> existing = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
                if (!existing.contains(topic)) {
                    log.info("Creating Kafka topic {}", topic);
                    try {
                        admin.createTopics(List.of(new NewTopic(topic, properties.partitions(), properties.replicationFactor())))
                                .all().get(timeout, TimeUnit.MILLISECONDS);
                        return properties.partitions();
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) { // another node was quicker
                            throw e;
                        }
                    }
                }
                return partitionsOf(admin, topic, timeout);
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
