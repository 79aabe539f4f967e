package io.firstline.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cluster's settings ({@code firstline.cluster.*}); the broker and client settings are the intake's
 * ({@code firstline.kafka.bootstrap-servers}, {@code firstline.kafka.client.*}).
 *
 * @param nodeId       this node's name in the cluster, stamped on the events it publishes; random per start when unset
 * @param eventsTopic  the topic every node publishes its events to and reads every other node's events from
 * @param partitions   partitions of {@code eventsTopic} when it is created
 * @param eventQueue   events waiting for the producer at most; beyond it an event is dropped (logged, counted)
 * @param sendTimeout  the producer's delivery timeout for one event
 * @param routingTopic   the topic routing commands go to, keyed by workspace; its partitions are shared out by
 *                       {@code routingGroup}, and the node holding a workspace's partition routes that workspace
 * @param sessionTimeout how long the broker waits for a silent node before it gives its partitions to another
 * @param routingTimeout how long a command waits for the owner's answer before the caller gets 503
 * @param maxPending     commands waiting for an answer on this node at most; more are refused (503)
 * @param leaveGroupOnClose whether a stopping node hands its routing on at once (false: only after
 *                       {@code sessionTimeout}, as after a crash; for failover tests)
 */
@ConfigurationProperties("firstline.cluster")
record ClusterProperties(
        String nodeId,
        @DefaultValue("firstline.events") String eventsTopic,
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("4096") int eventQueue,
        @DefaultValue("10s") Duration sendTimeout,
        @DefaultValue("30s") Duration startupTimeout,
        @DefaultValue("firstline.routing") String routingTopic,
        @DefaultValue("firstline-routing") String routingGroup,
        @DefaultValue("10s") Duration sessionTimeout,
        @DefaultValue("5s") Duration routingTimeout,
        @DefaultValue("10000") int maxPending,
        @DefaultValue("true") boolean leaveGroupOnClose) {

    ClusterProperties {
        nodeId = nodeId == null || nodeId.isBlank() ? "node-" + UUID.randomUUID().toString().substring(0, 8) : nodeId;
    }

    static Map<String, Object> clientConfig(String bootstrapServers, Map<String, String> client, String clientId) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return config;
    }
}
