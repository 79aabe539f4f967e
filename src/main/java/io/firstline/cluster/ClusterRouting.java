package io.firstline.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import io.firstline.kernel.DomainEvent;
import io.firstline.kernel.DomainEventListener;
import io.firstline.kernel.EventBus;
import io.firstline.routing.RoutingAnswer;
import io.firstline.routing.RoutingCommand;
import io.firstline.routing.RoutingEngine;
import io.firstline.routing.RoutingOwnership;
import io.firstline.routing.RoutingRemote;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverPartition;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;

/**
 * Routing ownership by partition assignment (Kafka mode). Every node sends every routing command to
 * {@code firstline.routing}, keyed by workspace, and waits for the answer; consumer group {@code firstline-routing}
 * (cooperative-sticky) gives each partition to exactly one node, and the node holding the workspace's partition runs
 * the single-writer router: rebuilt from PostgreSQL when the partition is assigned (reading starts at the partition's
 * end, since everything before it is in the database), reset when it is revoked. The owner answers through the event
 * bus ({@link RoutingAnswered} on {@code firstline.events}); the asking node completes the waiting call.
 */
final class ClusterRouting implements RoutingRemote, DomainEventListener {

    private static final Logger log = LoggerFactory.getLogger(ClusterRouting.class);
    private static final String REQUEST_HEADER = "firstline.request";

    private final ClusterProperties properties;
    private final ClusterEventCodec codec;
    private final String workspace;
    private final String bootstrapServers;
    private final Map<String, String> client;
    private final RoutingEngine engine;
    private final RoutingOwnership ownership;
    private final EventBus bus;
    private final KafkaSender<String, byte[]> sender;
    private final ConcurrentMap<String, Sinks.One<RoutingAnswer>> pending = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger owned = new AtomicInteger();
    private final Sinks.Many<Boolean> ownershipChanges = Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(64));
    private final Disposable.Composite running = Disposables.composite();
    private volatile Sinks.Empty<Void> ready = Sinks.empty();
    private volatile int workspacePartition = -1;
    private final Sinks.Empty<Void> joined = Sinks.empty();

    ClusterRouting(ClusterProperties properties, ClusterEventCodec codec, String workspace, String bootstrapServers,
                   Map<String, String> client, RoutingEngine engine, RoutingOwnership ownership, EventBus bus,
                   MeterRegistry meters) {
        this.properties = properties;
        this.codec = codec;
        this.workspace = workspace;
        this.bootstrapServers = bootstrapServers;
        this.client = client;
        this.engine = engine;
        this.ownership = ownership;
        this.bus = bus;
        Map<String, Object> config = ClusterProperties.clientConfig(bootstrapServers, client,
                "firstline-routing-producer-" + properties.nodeId());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, properties.routingTimeout().toMillis());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.sender = KafkaSender.create(SenderOptions.<String, byte[]>create(config).maxInFlight(1024));
        Gauge.builder("firstline.routing.owned.workspaces", owned, AtomicInteger::get)
                .description("workspaces this node routes now (per node: the cluster's total is the number of workspaces)")
                .register(meters);
        engine.forwardTo(this);
    }

    @Override
    public Mono<RoutingAnswer> forward(RoutingCommand command) {
        return Mono.defer(() -> {
            if (pending.size() >= properties.maxPending()) {
                return Mono.error(new TimeoutException("too many routing commands waiting for an answer"));
            }
            String requestId = properties.nodeId() + "-" + requests.incrementAndGet();
            Sinks.One<RoutingAnswer> answer = Sinks.one();
            pending.put(requestId, answer);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(properties.routingTopic(), null, workspace,
                    codec.encode(command), List.of(
                            new RecordHeader(ClusterEventCodec.TYPE_HEADER, command.getClass().getName().getBytes(StandardCharsets.UTF_8)),
                            new RecordHeader(ClusterEventCodec.ORIGIN_HEADER, properties.nodeId().getBytes(StandardCharsets.UTF_8)),
                            new RecordHeader(REQUEST_HEADER, requestId.getBytes(StandardCharsets.UTF_8))));
            return sender.send(Mono.just(SenderRecord.create(record, requestId)))
                    .next()
                    .flatMap(sent -> sent.exception() == null ? Mono.just(sent) : Mono.error(sent.exception()))
                    .then(answer.asMono())
                    .timeout(properties.routingTimeout(), Mono.error(() -> new TimeoutException(
                            "no routing owner answered within " + properties.routingTimeout().toMillis() + " ms")))
                    .doFinally(signal -> pending.remove(requestId));
        });
    }

    @Override
    public boolean accepts(Class<? extends DomainEvent> type) {
        return type == RoutingAnswered.class;
    }

    @Override
    public void on(DomainEvent event) {
        RoutingAnswered answered = (RoutingAnswered) event;
        if (properties.nodeId().equals(answered.node())) {
            Sinks.One<RoutingAnswer> waiting = pending.remove(answered.requestId());
            if (waiting != null) {
                waiting.tryEmitValue(answered.answer());
            }
        }
    }

    /** Joins the routing group; {@code partitions}: how many the routing topic has. */
    void start(int partitions) {
        workspacePartition = Utils.toPositive(Utils.murmur2(workspace.getBytes(StandardCharsets.UTF_8))) % partitions;
        running.add(ownershipChanges.asFlux()
                .concatMap(owns -> {
                    Sinks.Empty<Void> whenReady = ready;
                    return (owns ? ownership.assume() : ownership.relinquish())
                            .doOnSuccess(done -> whenReady.tryEmitEmpty())
                            .onErrorResume(e -> {
                                log.error("Routing {} failed: {}", owns ? "take-over" : "hand-over", e.toString());
                                return Mono.empty();
                            });
                })
                .subscribe());
        running.add(receiver().receive()
                .concatMap(record -> handle(record).doFinally(signal -> record.receiverOffset().acknowledge()))
                .subscribe(done -> { }, e -> log.error("Routing command consumer stopped: {}", e.toString())));
        // Start-up, main thread: take traffic once the group gave this node its share (and, if it owns the workspace,
        // once the router is rebuilt), so the first commands do not wait for a rebalance.
        try {
            joined.asMono().then(Mono.defer(() -> owned.get() == 1 ? ready.asMono() : Mono.empty()))
                    .block(properties.startupTimeout());
        } catch (RuntimeException e) {
            log.warn("Node {} joined the routing group late: {}", properties.nodeId(), e.toString());
        }
    }

    private KafkaReceiver<String, byte[]> receiver() {
        Map<String, Object> config = ClusterProperties.clientConfig(bootstrapServers, client,
                "firstline-routing-" + properties.nodeId());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.routingGroup());
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) properties.sessionTimeout().toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(100, properties.sessionTimeout().toMillis() / 4));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        config.put("internal.leave.group.on.close", properties.leaveGroupOnClose());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return KafkaReceiver.create(ReceiverOptions.<String, byte[]>create(config)
                .subscription(List.of(properties.routingTopic()))
                .commitInterval(Duration.ofMillis(500))
                .addAssignListener(this::assigned)
                .addRevokeListener(this::revoked));
    }

    private void assigned(java.util.Collection<ReceiverPartition> partitions) {
        try {
            assignedNow(partitions);
        } finally {
            joined.tryEmitEmpty();
        }
    }

    private void assignedNow(java.util.Collection<ReceiverPartition> partitions) {
        for (ReceiverPartition partition : partitions) {
            if (partition.topicPartition().partition() == workspacePartition) {
                // Everything before the end is in the database, which the rebuild reads: start after it.
                partition.seekToEnd();
                partition.position();
                ready = Sinks.empty();
                owned.set(1);
                log.info("Node {} now routes workspace {} (partition {} of {})", properties.nodeId(), workspace,
                        workspacePartition, properties.routingTopic());
                ownershipChanges.tryEmitNext(true);
            }
        }
    }

    private void revoked(java.util.Collection<ReceiverPartition> partitions) {
        for (ReceiverPartition partition : partitions) {
            if (partition.topicPartition().partition() == workspacePartition && owned.get() == 1) {
                owned.set(0);
                log.info("Node {} no longer routes workspace {}", properties.nodeId(), workspace);
                ownershipChanges.tryEmitNext(false);
            }
        }
    }

    private Mono<Void> handle(ConsumerRecord<String, byte[]> record) {
        if (record.partition() != workspacePartition || owned.get() == 0) {
            return Mono.empty();
        }
        String origin = header(record, ClusterEventCodec.ORIGIN_HEADER);
        String requestId = header(record, REQUEST_HEADER);
        var command = codec.decode(header(record, ClusterEventCodec.TYPE_HEADER), record.value(), RoutingCommand.class);
        if (command.isEmpty()) {
            log.warn("Skipped an unreadable routing command at {}-{}@{}", record.topic(), record.partition(), record.offset());
            return Mono.empty();
        }
        return ready.asMono()
                .then(engine.answer(command.get()))
                .doOnNext(answer -> bus.publish(new RoutingAnswered(origin, requestId, answer)))
                .onErrorResume(e -> {
                    log.warn("Routing command {} failed: {}", command.get().getClass().getSimpleName(), e.toString());
                    return Mono.empty();
                })
                .then();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    void close() {
        running.dispose();
        sender.close();
    }
}
