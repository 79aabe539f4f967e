package io.firstline.intake.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import io.firstline.kernel.Channel;
import io.firstline.intake.InboundEnvelope;
import io.firstline.intake.IntakeDelivery;
import io.firstline.intake.IntakeOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kafka intake log on its own against a real in-JVM broker: what a consumer hands out,
 * when offsets are committed, and what a restart sees. Processing is a set of stored
 * external ids, idempotent like the real processor.
 */
class KafkaIntakeLogTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static KafkaTestBroker broker;

    private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private KafkaIntakeLog log;

    @BeforeAll
    static void startBroker() {
        broker = KafkaTestBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.stop();
            log.destroy();
        }
    }

    /** Each test has its own topics and group, so tests never see each other's records. */
    private KafkaIntakeLog newLog(String prefix, Duration commitInterval) {
        KafkaIntakeProperties properties = new KafkaIntakeProperties(broker.bootstrapServers(), prefix, prefix + "dlq",
                2, (short) 1, prefix + "group", Duration.ofSeconds(3), Duration.ofSeconds(2), 3, Duration.ofMillis(50),
                commitInterval, 10000, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(10), Map.of());
        KafkaIntakeLog created = new KafkaIntakeLog(properties, JsonMapper.builder().build(), meters, clock);
        created.start();
        return created;
    }

    private static InboundEnvelope envelope(int i) {
        return new InboundEnvelope(Channel.WEBCHAT, "demo", "msg-" + i, "demo:visitor-" + (i % 5), "visitor-" + (i % 5),
                null, "message " + i, NOW);
    }

    private static void appendAll(KafkaIntakeLog log, int count) {
        Flux.range(0, count).concatMap(i -> log.append(envelope(i)))
                .doOnNext(outcome -> assertThat(outcome.isQueued()).isTrue())
                .blockLast(WAIT);
    }

    @Test
    void aConsumerDisposedBeforeCommittingIsFollowedByOneThatGetsEveryUnsettledRecord() throws Exception {
        log = newLog("t1." + UUID.randomUUID() + ".", Duration.ofHours(1));
        appendAll(log, 30);

        // First consumer: settles the first 12 it gets, holds the rest unsettled, then dies.
        Set<String> stored = ConcurrentHashMap.newKeySet();
        Queue<IntakeDelivery> held = new ConcurrentLinkedQueue<>();
        CompletableFuture<Void> allReceived = new CompletableFuture<>();
        Disposable first = log.deliveries().subscribe(delivery -> {
            if (stored.size() < 12) {
                stored.add(delivery.envelope().externalId());
                delivery.processed(new IntakeOutcome(1L, false));
            } else {
                held.add(delivery);
            }
            if (stored.size() + held.size() == 30) {
                allReceived.complete(null);
            }
        });
        allReceived.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        first.dispose();
        Set<String> settledFirst = Set.copyOf(stored);
        // A transaction that commits while the consumer is going away is settled late: stored either way.
        IntakeDelivery late = held.poll();
        stored.add(late.envelope().externalId());
        late.processed(new IntakeOutcome(1L, false));

        // Second consumer of the same group: everything not settled comes again; processing it is harmless.
        Queue<String> redelivered = new ConcurrentLinkedQueue<>();
        Disposable second = log.deliveries().subscribe(delivery -> {
            redelivered.add(delivery.envelope().externalId());
            stored.add(delivery.envelope().externalId());
            delivery.processed(new IntakeOutcome(1L, false));
        });
        try {
            awaitUntil(() -> stored.size() == 30);
            Thread.sleep(500); // nothing more arrives
            assertThat(stored).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 30).mapToObj(i -> "msg-" + i).toList());
            // Every record not settled before the consumer went away comes again, once; settled ones do not.
            assertThat(redelivered).doesNotHaveDuplicates()
                    .containsAll(held.stream().map(d -> d.envelope().externalId()).toList())
                    .doesNotContainAnyElementsOf(settledFirst);
        } finally {
            second.dispose();
        }
    }

    @Test
    void stoppingWaitsForRecordsInFlightAndCommitsThem() throws Exception {
        log = newLog("t2." + UUID.randomUUID() + ".", Duration.ofHours(1));
        appendAll(log, 10);

        Queue<IntakeDelivery> inFlight = new ConcurrentLinkedQueue<>();
        CompletableFuture<Void> completed = new CompletableFuture<>();
        log.deliveries().subscribe(inFlight::add, completed::completeExceptionally, () -> completed.complete(null));
        awaitUntil(() -> inFlight.size() == 10);

        // Stop while all ten are still being processed; they finish a moment later.
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(log::stop);
        Thread.sleep(300);
        assertThat(stopped).isNotDone();
        inFlight.forEach(delivery -> delivery.processed(new IntakeOutcome(1L, false)));
        stopped.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        completed.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

        // Started again: the offsets were committed at stop, so nothing comes back; new records do.
        log.start();
        Queue<String> next = new ConcurrentLinkedQueue<>();
        Disposable again = log.deliveries().subscribe(delivery -> {
            next.add(delivery.envelope().externalId());
            delivery.processed(new IntakeOutcome(1L, false));
        });
        try {
            log.append(envelope(99)).block(WAIT);
            awaitUntil(() -> !next.isEmpty());
            Thread.sleep(300);
            assertThat(next).containsExactly("msg-99");
        } finally {
            again.dispose();
        }
    }

    @Test
    void aRecordThatFailedEveryAttemptGoesToTheDeadLetterTopicStampedWithTheClocksTimeAndIsNotDeliveredAgain() throws Exception {
        String prefix = "t4." + UUID.randomUUID() + ".";
        log = newLog(prefix, Duration.ofMillis(100));
        appendAll(log, 1);

        Queue<IntakeDelivery> received = new ConcurrentLinkedQueue<>();
        log.deliveries().subscribe(delivery -> {
            received.add(delivery);
            delivery.failed(new IllegalStateException("the database refused it"));
        });
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> dead =
                KafkaTestClients.read(broker.bootstrapServers(), prefix + "dlq", 1, WAIT);
        // Stopping waits until the dead-lettered record is settled, and commits it.
        log.stop();

        assertThat(dead).hasSize(1);
        assertThat(KafkaTestClients.header(dead.get(0), "firstline.dlq.reason")).isEqualTo("unprocessable");
        assertThat(KafkaTestClients.header(dead.get(0), "firstline.dlq.detail")).isEqualTo("the database refused it");
        assertThat(KafkaTestClients.header(dead.get(0), "firstline.dlq.topic")).isEqualTo(prefix + "webchat");
        assertThat(KafkaTestClients.header(dead.get(0), "firstline.dlq.attempts")).isEqualTo("3");
        assertThat(KafkaTestClients.header(dead.get(0), "firstline.dlq.at")).isEqualTo(NOW.toString());
        assertThat(dead.get(0).key()).isEqualTo("demo:visitor-0");
        assertThat(meters.find("firstline.intake.kafka.dead.lettered").tag("reason", "unprocessable").counter().count())
                .isEqualTo(1);

        // Dead-lettered counts as settled: the next consumer of the group gets the conversation's next record, not this
        // one again (same key, same partition: a redelivered msg-0 would come first).
        log.start();
        Queue<String> next = new ConcurrentLinkedQueue<>();
        Disposable again = log.deliveries().subscribe(delivery -> {
            next.add(delivery.envelope().externalId());
            delivery.processed(new IntakeOutcome(1L, false));
        });
        try {
            log.append(envelope(5)).block(WAIT);
            awaitUntil(() -> !next.isEmpty());
            assertThat(next).containsExactly("msg-5");
            assertThat(received).extracting(delivery -> delivery.envelope().externalId()).containsExactly("msg-0");
        } finally {
            again.dispose();
        }
    }

    @Test
    void anUnreachableBrokerFailsTheAppendWithinTheSendTimeout() {
        KafkaIntakeProperties properties = new KafkaIntakeProperties("127.0.0.1:1", "t3.", "t3.dlq", 1, (short) 1, "g",
                Duration.ofMillis(800), Duration.ofSeconds(4), 3, Duration.ofMillis(50), Duration.ofSeconds(1), 100,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(10), Map.of());
        KafkaIntakeLog unreachable = new KafkaIntakeLog(properties, JsonMapper.builder().build(), meters, clock);
        try {
            long started = System.nanoTime();
            Throwable error = unreachable.append(envelope(1)).<Throwable>map(outcome -> null).onErrorResume(reactor.core.publisher.Mono::just).block(WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
            assertThat(error).isInstanceOf(io.firstline.intake.IntakeFullException.class);
            assertThat(((io.firstline.intake.IntakeFullException) error).retryAfter()).isEqualTo(Duration.ofSeconds(4));
        } finally {
            unreachable.destroy();
        }
    }

    static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(50);
        }
    }

}
