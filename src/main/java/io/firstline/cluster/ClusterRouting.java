package io.firstline.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
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
import io.firstline.routing.RoutingWorkspaces;
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
 * {@code firstline.routing}, keyed by its workspace's code, and waits for the answer; consumer group
 * {@code firstline-routing} (cooperative-sticky) gives each partition to exactly one node, and the node holding a
 * partition routes every workspace whose code hashes to it (all workspaces in the database, and any created later:
 * the list is read again on each assignment and when a command names a workspace not known yet). Each such
 * workspace's router is rebuilt from PostgreSQL when the partition is assigned (reading starts at the partition's
 * end, since everything before it is in the database) and dropped when it is revoked. The owner answers through the
 * event bus ({@link RoutingAnswered} on {@code firstline.events}); the asking node completes the waiting call.
 *
 * <p>Take-overs and hand-overs run one at a time, in the order the group decided them, from a bounded queue
 * ({@link #STEPS}; overflow: the step is logged and skipped — a command of a workspace not rebuilt then is not run,
 * and its caller gets a busy router).
 */
final class ClusterRouting implements RoutingRemote, DomainEventListener {

    private static final Logger log = LoggerFactory.getLogger(ClusterRouting.class);
    private static final String REQUEST_HEADER = "firstline.request";
    static final int STEPS = 256;

    /** One take-over or hand-over, run in order; {@code done} completes when it ran (or failed, or was skipped). */
    private record Step(Mono<Void> work, Sinks.Empty<Void> done) {
    }

    private final ClusterProperties properties;
    private final ClusterEventCodec codec;
    private final RoutingWorkspaces workspaces;
    private final String bootstrapServers;
    private final Map<String, String> client;
    private final RoutingEngine engine;
    private final RoutingOwnership ownership;
    private final EventBus bus;
    private final KafkaSender<String, byte[]> sender;
    private final ConcurrentMap<String, Sinks.One<RoutingAnswer>> pending = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    /** Workspace id → code, as last read. */
    private volatile Map<Long, String> codes = Map.of();
    private final Set<Integer> ownedPartitions = ConcurrentHashMap.newKeySet();
    /** Workspaces this node routes; each with the signal that its rebuild is done. */
    private final ConcurrentMap<Long, Sinks.Empty<Void>> owned = new ConcurrentHashMap<>();
    private final Sinks.Many<Step> steps = Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(STEPS));
    private final Disposable.Composite running = Disposables.composite();
    private volatile int partitions = 1;
    private volatile Mono<Void> firstAssignment;
    private final Sinks.Empty<Void> joined = Sinks.empty();
    /** The default workspace's code: the workspace of a command from a node of the previous release (it names none). */
    private final String defaultWorkspaceCode;

    ClusterRouting(ClusterProperties properties, ClusterEventCodec codec, RoutingWorkspaces workspaces, String bootstrapServers,
                   Map<String, String> client, RoutingEngine engine, RoutingOwnership ownership, EventBus bus,
                   MeterRegistry meters, String defaultWorkspaceCode) {
        this.properties = properties;
        this.defaultWorkspaceCode = defaultWorkspaceCode;
        this.codec = codec;
        this.workspaces = workspaces;
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
        Gauge.builder("firstline.routing.owned.workspaces", owned, Map::size)
                .description("workspaces this node routes now (per node: the cluster's total is the number of workspaces)")
                .register(meters);
        engine.forwardTo(this);
    }

    @Override
    public Mono<RoutingAnswer> forward(RoutingCommand command) {
        return codeOf(command.workspaceId()).flatMap(code -> send(code, command))
                .switchIfEmpty(Mono.error(() -> new IllegalArgumentException("no workspace " + command.workspaceId())));
    }

    /** The workspace's code: known, or read again (a workspace created since). */
    private Mono<String> codeOf(long workspaceId) {
        String code = codes.get(workspaceId);
        return code != null ? Mono.just(code) : readWorkspaces().then(Mono.fromSupplier(() -> codes.get(workspaceId)));
    }

    /** The default workspace's id, from the workspaces as last read (read again if it is not among them). */
    private Mono<Long> defaultWorkspaceId() {
        return Mono.defer(() -> Mono.justOrEmpty(idOf(defaultWorkspaceCode)))
                .switchIfEmpty(readWorkspaces().then(Mono.fromSupplier(() -> idOf(defaultWorkspaceCode))))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("no workspace " + defaultWorkspaceCode)));
    }

    private Long idOf(String code) {
        for (Map.Entry<Long, String> workspace : codes.entrySet()) {
            if (workspace.getValue().equals(code)) {
                return workspace.getKey();
            }
        }
        return null;
    }

    private Mono<Void> readWorkspaces() {
        return workspaces.all().collectMap(RoutingWorkspaces.Workspace::id, RoutingWorkspaces.Workspace::code, HashMap::new)
                .doOnNext(read -> codes = Map.copyOf(read))
                .then();
    }

    private int partitionOf(String code) {
        return Utils.toPositive(Utils.murmur2(code.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private Mono<RoutingAnswer> send(String workspaceCode, RoutingCommand command) {
        return Mono.defer(() -> {
            if (pending.size() >= properties.maxPending()) {
                return Mono.error(new TimeoutException("too many routing commands waiting for an answer"));
            }
            String requestId = properties.nodeId() + "-" + requests.incrementAndGet();
            Sinks.One<RoutingAnswer> answer = Sinks.one();
            pending.put(requestId, answer);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(properties.routingTopic(), null, workspaceCode,
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
        this.partitions = partitions;
        running.add(steps.asFlux()
                .concatMap(step -> step.work()
                        .onErrorResume(e -> {
                            log.error("Routing take-over or hand-over failed: {}", e.toString());
                            return Mono.empty();
                        })
                        .doFinally(signal -> step.done().tryEmitEmpty()))
                .subscribe());
        running.add(receiver().receive()
                .concatMap(record -> handle(record).doFinally(signal -> record.receiverOffset().acknowledge()))
                .subscribe(done -> { }, e -> log.error("Routing command consumer stopped: {}", e.toString())));
        // Start-up, main thread: take traffic once the group gave this node its share (and the routers of the
        // workspaces it got are rebuilt), so the first commands do not wait for a rebalance.
        try {
            joined.asMono().then(Mono.defer(() -> firstAssignment == null ? Mono.<Void>empty() : firstAssignment))
                    .block(properties.startupTimeout());
        } catch (RuntimeException e) {
            log.warn("Node {} joined the routing group late: {}", properties.nodeId(), e.toString());
        }
    }

    /** Queues a take-over or hand-over behind the others; completes when it ran. */
    private Mono<Void> inOrder(Mono<Void> work) {
        Step step = new Step(work, Sinks.empty());
        if (steps.tryEmitNext(step).isFailure()) {
            log.error("Routing take-over or hand-over skipped: {} steps are waiting already", STEPS);
            step.done().tryEmitEmpty();
        }
        return step.done().asMono();
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

    private void assigned(Collection<ReceiverPartition> assigned) {
        try {
            for (ReceiverPartition partition : assigned) {
                // Everything before the end is in the database, which the rebuild reads: start after it.
                partition.seekToEnd();
                partition.position();
                ownedPartitions.add(partition.topicPartition().partition());
            }
            // The workspace list is read again: a workspace created since the last assignment is routed too.
            Mono<Void> done = inOrder(readWorkspaces().then(Mono.defer(this::takeOverUnrouted)));
            if (firstAssignment == null) {
                firstAssignment = done;
            }
        } finally {
            joined.tryEmitEmpty();
        }
    }

    /** Takes over every known workspace that hashes to a partition this node holds and is not routed here yet. */
    private Mono<Void> takeOverUnrouted() {
        return reactor.core.publisher.Flux.fromIterable(codes.entrySet())
                .filter(workspace -> ownedPartitions.contains(partitionOf(workspace.getValue()))
                        && !owned.containsKey(workspace.getKey()))
                .concatMap(workspace -> takeOver(workspace.getKey(), workspace.getValue()))
                .then();
    }

    private Mono<Void> takeOver(long workspaceId, String code) {
        Sinks.Empty<Void> rebuilt = Sinks.empty();
        owned.put(workspaceId, rebuilt);
        log.info("Node {} now routes workspace {} (partition {} of {})", properties.nodeId(), code, partitionOf(code),
                properties.routingTopic());
        return ownership.assume(workspaceId).doFinally(signal -> rebuilt.tryEmitEmpty());
    }

    private void revoked(Collection<ReceiverPartition> revoked) {
        Set<Integer> lost = new java.util.HashSet<>();
        for (ReceiverPartition partition : revoked) {
            lost.add(partition.topicPartition().partition());
        }
        ownedPartitions.removeAll(lost);
        for (Map.Entry<Long, String> workspace : codes.entrySet()) {
            long workspaceId = workspace.getKey();
            if (lost.contains(partitionOf(workspace.getValue())) && owned.remove(workspaceId) != null) {
                log.info("Node {} no longer routes workspace {}", properties.nodeId(), workspace.getValue());
                inOrder(ownership.relinquish(workspaceId));
            }
        }
    }

    private Mono<Void> handle(ConsumerRecord<String, byte[]> record) {
        if (!ownedPartitions.contains(record.partition())) {
            return Mono.empty();
        }
        String origin = header(record, ClusterEventCodec.ORIGIN_HEADER);
        String requestId = header(record, REQUEST_HEADER);
        // A command from a node of the previous release names no workspace: it is the default workspace's.
        return defaultWorkspaceId().flatMap(defaultId -> {
            var decoded = codec.decodeCommand(header(record, ClusterEventCodec.TYPE_HEADER), record.value(), defaultId);
            if (decoded.isEmpty()) {
                log.warn("Skipped an unreadable routing command at {}-{}@{}", record.topic(), record.partition(), record.offset());
                return Mono.empty();
            }
            RoutingCommand command = decoded.get();
            long workspaceId = command.workspaceId();
            // A workspace not routed here although its partition is: created since the last assignment, or its
            // take-over is still queued. Either way, once the steps before it ran, it is.
            Mono<Void> routed = owned.containsKey(workspaceId) ? Mono.empty()
                    : inOrder(readWorkspaces().then(Mono.defer(this::takeOverUnrouted)));
            return routed
                    .then(Mono.defer(() -> {
                        Sinks.Empty<Void> rebuilt = owned.get(workspaceId);
                        return rebuilt == null ? Mono.just(RoutingAnswer.notRoutedHere())
                                : rebuilt.asMono().then(engine.answer(command));
                    }))
                    // Refused or failed here: the asking node is told at once (it would otherwise wait out its
                    // routing-timeout, and intake would retry only after that).
                    .onErrorResume(e -> {
                        RoutingAnswer refused = RoutingAnswer.notRun(e);
                        // A busy router under load refuses many: the gauges show it, the log need not.
                        if (refused.ownerRefused() == RoutingAnswer.OwnerRefusal.BUSY) {
                            log.debug("Routing command {} refused: {}", command.getClass().getSimpleName(), e.toString());
                        } else {
                            log.warn("Routing command {} failed: {}", command.getClass().getSimpleName(), e.toString());
                        }
                        return Mono.just(refused);
                    })
                    .doOnNext(answer -> answer(origin, requestId, workspaceId, answer))
                    .then();
        })
                // The default workspace could not be read (the database out of reach): the command is skipped (its
                // caller times out, as before) rather than stopping this consumer.
                .onErrorResume(e -> {
                    log.warn("Skipped a routing command at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                            e.toString());
                    return Mono.empty();
                });
    }

    private void answer(String origin, String requestId, long workspaceId, RoutingAnswer answer) {
        if (origin != null && requestId != null) {
            bus.publish(new RoutingAnswered(origin, requestId, answer, workspaceId));
        }
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
