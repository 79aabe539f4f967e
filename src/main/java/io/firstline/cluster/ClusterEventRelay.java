package io.firstline.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import io.firstline.kernel.DomainEvent;
import io.firstline.kernel.EventRelay;
import io.firstline.kernel.TransientEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;

/**
 * Carries every event of this node's bus to {@code firstline.events}, keyed by the event's workspace ({@link EventKeys})
 * and stamped with this node's id. Called on the publisher's thread, it only encodes the event and puts it in a bounded queue (overflow policy: the
 * event is dropped, logged and counted in {@code firstline_cluster_events_dropped_total}); one producer thread sends.
 * Events a console must not miss (offers, assignments, messages) go through an idempotent {@code acks=all} producer;
 * {@link TransientEvent}s (figures) through a best-effort one ({@code acks=1}, no retries).
 */
final class ClusterEventRelay implements EventRelay {

    private static final Logger log = LoggerFactory.getLogger(ClusterEventRelay.class);

    private final ClusterProperties properties;
    private final ClusterEventCodec codec;
    private final EventKeys keys;
    private final Lane reliable;
    private final Lane bestEffort;
    private final Counter dropped;
    private final Counter failed;
    private final AtomicLong lastDropWarning = new AtomicLong();
    private final Disposable.Composite running = Disposables.composite();

    ClusterEventRelay(ClusterProperties properties, String bootstrapServers, Map<String, String> client,
                      ClusterEventCodec codec, EventKeys keys, MeterRegistry meters) {
        this.properties = properties;
        this.codec = codec;
        this.keys = keys;
        this.reliable = new Lane("reliable", sender(bootstrapServers, client, true), properties.eventQueue());
        this.bestEffort = new Lane("best-effort", sender(bootstrapServers, client, false), properties.eventQueue());
        this.dropped = Counter.builder("firstline.cluster.events.dropped")
                .description("events not sent to the other nodes because the producer's queue was full").register(meters);
        this.failed = Counter.builder("firstline.cluster.events.failed")
                .description("events the broker did not acknowledge").register(meters);
    }

    @Override
    public boolean accepts(Class<? extends DomainEvent> type) {
        return true;
    }

    @Override
    public void on(DomainEvent event) {
        Lane lane = event instanceof TransientEvent ? bestEffort : reliable;
        Sinks.EmitResult result = lane.offer(new Outgoing(event, codec.encode(event)));
        if (result == Sinks.EmitResult.FAIL_TERMINATED || result == Sinks.EmitResult.FAIL_CANCELLED) {
            // The relay is closed (shutdown): the bus still publishes while the other beans stop. Not a full queue.
            log.debug("Cluster event relay closed: {} not sent to the other nodes", event.getClass().getSimpleName());
        } else if (result.isFailure()) {
            dropped.increment();
            long now = System.nanoTime();
            long last = lastDropWarning.get();
            if (now - last > 1_000_000_000L && lastDropWarning.compareAndSet(last, now)) {
                log.warn("Cluster event queue ({}) full: {} not sent to the other nodes", properties.eventQueue(),
                        event.getClass().getSimpleName());
            }
        }
    }

    void start() {
        running.add(reliable.start());
        running.add(bestEffort.start());
    }

    /**
     * Shutdown, on the closing thread: each lane sends what it holds (within {@code send-timeout}), then its producer
     * closes. (It used to cancel the sending first: the queued events were lost, and every event the bus published
     * while the other beans stopped was logged as "queue full".)
     */
    void close() {
        reliable.close(properties.sendTimeout());
        bestEffort.close(properties.sendTimeout());
        running.dispose();
    }

    private KafkaSender<String, byte[]> sender(String bootstrapServers, Map<String, String> client, boolean reliably) {
        Map<String, Object> config = ClusterProperties.clientConfig(bootstrapServers, client,
                "firstline-events-" + (reliably ? "reliable-" : "best-effort-") + properties.nodeId());
        config.put(ProducerConfig.ACKS_CONFIG, reliably ? "all" : "1");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, reliably);
        if (!reliably) {
            config.put(ProducerConfig.RETRIES_CONFIG, 0);
        }
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) properties.sendTimeout().toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(properties.sendTimeout().toMillis(), 30_000));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return KafkaSender.create(SenderOptions.<String, byte[]>create(config).maxInFlight(256).stopOnError(false));
    }

    /** An event encoded on the publisher's thread, keyed by its workspace on the lane's (which may read the database). */
    private record Outgoing(DomainEvent event, byte[] value) {
    }

    /** The record of an event, keyed by its workspace's code. */
    private reactor.core.publisher.Mono<SenderRecord<String, byte[], String>> record(Outgoing outgoing) {
        DomainEvent event = outgoing.event();
        return keys.keyOf(event).map(key -> SenderRecord.create(new ProducerRecord<>(properties.eventsTopic(), null, key,
                outgoing.value(), List.of(
                        new RecordHeader(ClusterEventCodec.TYPE_HEADER, event.getClass().getName().getBytes(StandardCharsets.UTF_8)),
                        new RecordHeader(ClusterEventCodec.ORIGIN_HEADER, properties.nodeId().getBytes(StandardCharsets.UTF_8)))),
                event.getClass().getSimpleName()));
    }

    /** One producer with its bounded queue and its own sending thread (the producer may block on metadata). */
    private final class Lane {
        private final String name;
        private final KafkaSender<String, byte[]> sender;
        private final Sinks.Many<Outgoing> queue;
        private final ExecutorService thread;
        private final Scheduler scheduler;
        /** Counted down when the sending ends (all sent after {@link #close}, or failed). */
        private final CountDownLatch ended = new CountDownLatch(1);

        Lane(String name, KafkaSender<String, byte[]> sender, int capacity) {
            this.name = name;
            this.sender = sender;
            this.queue = Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(capacity));
            this.thread = Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, "cluster-events-" + name);
                t.setDaemon(true);
                return t;
            });
            this.scheduler = Schedulers.fromExecutorService(thread, "cluster-events-" + name);
        }

        /** Serialized: the bus may publish from several threads at once. */
        synchronized Sinks.EmitResult offer(Outgoing record) {
            return queue.tryEmitNext(record);
        }

        Disposable start() {
            // In order (concatMap): keying an event may read its agent's workspace once, and must not reorder them.
            // That read completes on a database thread: the records go back to this lane's thread before the send.
            return sender.send(queue.asFlux().publishOn(scheduler, 256).concatMap(ClusterEventRelay.this::record)
                            .publishOn(scheduler, 256))
                    .doFinally(signal -> ended.countDown())
                    .subscribe(result -> {
                        if (result.exception() != null) {
                            failed.increment();
                            log.warn("Cluster event {} ({}) not acknowledged: {}", result.correlationMetadata(), name,
                                    result.exception().toString());
                        }
                    }, e -> log.warn("Cluster event producer ({}) stopped: {}", name, e.toString()));
        }

        void close(Duration timeout) {
            synchronized (this) {
                queue.tryEmitComplete();
            }
            try {
                if (!ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("Cluster event producer ({}) stopped with events not yet acknowledged", name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sender.close();
            scheduler.dispose();
        }
    }
}
