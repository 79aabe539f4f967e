package io.firstline.intake.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import io.firstline.support.AppTestBase;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Kafka mode with a broker that goes away: nothing is acknowledged that Kafka does not hold. */
@TestPropertySource(properties = {
        "firstline.db.name=firstline_test_kafka",
        "firstline.kafka.partitions=2",
        "firstline.kafka.send-timeout=1s",
        "firstline.kafka.retry-after=5s",
        "firstline.kafka.commit-interval=200ms",
        "firstline.kafka.shutdown-timeout=3s",
        "logging.level.kafka=WARN",
        "logging.level.state.change.logger=WARN",
        "logging.level.org.apache.kafka.clients.NetworkClient=ERROR"})
@DirtiesContext
class KafkaBrokerOutageTest extends AppTestBase {

    private static final KafkaTestBroker BROKER = KafkaTestBroker.start();
    private static boolean brokerTiedToContext;

    @Autowired
    private ConfigurableApplicationContext applicationContext;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("firstline.kafka.bootstrap-servers", BROKER::bootstrapServers);
    }

    @BeforeEach
    void closeTheBrokerWithTheApp() {
        if (!brokerTiedToContext) {
            brokerTiedToContext = true;
            ((DefaultListableBeanFactory) applicationContext.getBeanFactory()).registerDisposableBean("kafkaTestBroker", BROKER::close);
        }
    }

    @Test
    void whileTheBrokerIsDownWebhooksGet503QuicklyAndEveryAcknowledgedMessageArrivesOnceItIsBack() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Integer> statuses = new ConcurrentHashMap<>();
        WebClient client = WebClient.create("http://localhost:" + port);

        // One first, so the burst below finds a connected producer and warmed-up JSON readers.
        sendWebchat("msg-" + run + "-first", "outage-" + run + "-first", "hello");

        // A stream of webhooks from many visitors; the broker stops in the middle of it.
        Flux.range(0, 40)
                .delayElements(Duration.ofMillis(25))
                .publishOn(Schedulers.boundedElastic()) // the test's own blocking work (stopping the broker, UUIDs) stays off parallel threads
                .doOnNext(i -> {
                    if (i == 20) {
                        BROKER.stopBroker();
                    }
                })
                .flatMap(i -> post(client, "msg-" + run + "-" + i, "outage-" + run + "-" + (i % 7), "message " + i)
                        .doOnNext(status -> statuses.put("msg-" + run + "-" + i, status)), 16)
                .blockLast(Duration.ofSeconds(30));

        List<String> acknowledged = statuses.entrySet().stream().filter(e -> e.getValue() == 202).map(Map.Entry::getKey).toList();
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(20);
        assertThat(statuses.values()).contains(503).allMatch(status -> status == 202 || status == 503);

        // While it is down: refused within the send deadline, with the configured Retry-After.
        String refusedId = "msg-" + run + "-refused";
        long started = System.nanoTime();
        String body = Webhooks.body("outage-" + run + "-x", "still down?", null);
        long now = Webhooks.now();
        postWebchat("demo", refusedId, now, body, Webhooks.signature(Webhooks.DEMO_SECRET, refusedId, now, body))
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "5")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));

        BROKER.startBroker();

        // Every message that got a 202 is stored once the broker is back.
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        long stored;
        do {
            stored = acknowledged.stream().filter(id -> count("SELECT count(*) FROM message WHERE external_id = $1", id) == 1).count();
            if (stored < acknowledged.size()) {
                sleep(200);
            }
        } while (stored < acknowledged.size() && System.nanoTime() < deadline);
        assertThat(stored).as("acknowledged messages stored").isEqualTo(acknowledged.size());
    }

    private static Mono<Integer> post(WebClient client, String id, String visitor, String text) {
        String body = Webhooks.body(visitor, text, null);
        long now = Webhooks.now();
        return client.post().uri("/webhooks/webchat/demo")
                .contentType(MediaType.APPLICATION_JSON)
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", Webhooks.signature(Webhooks.DEMO_SECRET, id, now, body))
                .bodyValue(body)
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
