package io.firstline.intake.kafka;

import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** The whole app in Kafka mode against a real in-JVM broker: webhook → topic → consumer → contact. */
@TestPropertySource(properties = {
        "firstline.db.name=firstline_test_kafka",
        "firstline.kafka.partitions=3",
        "firstline.kafka.retry-backoff=50ms",
        "firstline.kafka.commit-interval=200ms",
        "firstline.kafka.lag-interval=300ms",
        "firstline.kafka.shutdown-timeout=3s",
        "logging.level.kafka=WARN",
        "logging.level.state.change.logger=WARN"})
@DirtiesContext
class KafkaIntakeTest extends AppTestBase {

    private static final KafkaTestBroker BROKER = KafkaTestBroker.start();
    private static boolean brokerTiedToContext;

    @Autowired
    private ConfigurableApplicationContext applicationContext;
    @Autowired
    private MeterRegistry meters;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("firstline.kafka.bootstrap-servers", BROKER::bootstrapServers);
    }

    /** The broker goes with the context (closed by @DirtiesContext), after the app made its last commit. */
    @BeforeEach
    void closeTheBrokerWithTheApp() {
        if (!brokerTiedToContext) {
            brokerTiedToContext = true;
            ((DefaultListableBeanFactory) applicationContext.getBeanFactory()).registerDisposableBean("kafkaTestBroker", BROKER::close);
        }
    }

    @Test
    void readinessIncludesTheBrokers() {
        JsonNode readiness = http.get().uri("/actuator/health/readiness").headers(h -> h.setBearerAuth(login("admin")))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode intake = readiness.get("components").get("intake");
        assertThat(intake.get("status").asString()).isEqualTo("UP");
        assertThat(intake.get("details").get("mode").asString()).isEqualTo("kafka");
        assertThat(intake.get("details").get("brokers").asInt()).isEqualTo(1);
    }

    @Test
    void aWebhookIsAcceptedOnceKafkaHasItAndBecomesAContactOfferedToAnAgent() {
        String token = login("agent1");
        setState(token, "available");
        ConsoleSocket console = console(token);

        String id = Webhooks.newId();
        JsonNode receipt = sendWebchat(id, "visitor-" + UUID.randomUUID(), "Is my parcel lost?");

        // Durable in Kafka, not processed yet: the contact is not known when the webhook answers.
        assertThat(receipt.get("contactId").isNull()).isTrue();
        assertThat(receipt.get("duplicate").isNull()).isTrue();
        long contactId = awaitCount("SELECT contact_id FROM message WHERE channel = 'webchat' AND external_id = $1", id);
        JsonNode offer = console.await(frame("offer", contactId), WAIT);
        assertThat(offer.get("data").get("text").asString()).isEqualTo("Is my parcel lost?");
    }

    @Test
    void duplicateRecordsMakeOneMessageAndOneContact() {
        String visitor = "visitor-" + UUID.randomUUID();
        String id = Webhooks.newId();
        String body = Webhooks.body(visitor, "hello", null);
        long now = Webhooks.now();
        String signature = Webhooks.signature(Webhooks.DEMO_SECRET, id, now, body);
        postWebchat("demo", id, now, body, signature).expectStatus().isAccepted();
        postWebchat("demo", id, now, body, signature).expectStatus().isAccepted();
        try (KafkaProducer<String, byte[]> producer = KafkaTestClients.producer(BROKER.bootstrapServers())) {
            KafkaTestClients.produce(producer, "firstline.intake.webchat", "demo:" + visitor,
                    KafkaTestClients.envelope("webchat", id, visitor, "hello"));
        }
        // One conversation is processed in order: once the next message is in, the three copies were handled.
        String next = Webhooks.newId();
        sendWebchat(next, visitor, "anyone?");
        long contactId = awaitCount("SELECT contact_id FROM message WHERE channel = 'webchat' AND external_id = $1", next);

        assertThat(count("SELECT count(*) FROM message WHERE channel = 'webchat' AND external_id = $1", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM message WHERE contact_id = $1", contactId)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM contact c JOIN customer_identity i ON i.customer_id = c.customer_id "
                + "WHERE i.handle = $1", "demo:" + visitor)).isEqualTo(1);
    }

    @Test
    void aProducersTypeHintClassifiesTheContact() {
        String visitor = "visitor-" + UUID.randomUUID();
        String id = "msg_hint_" + UUID.randomUUID();
        String envelope = KafkaTestClients.envelope("webchat", id, visitor, "the lift is stuck on floor 3")
                .replace("\"receivedAt\"", "\"typeHint\":\"repair\",\"receivedAt\"");
        try (KafkaProducer<String, byte[]> producer = KafkaTestClients.producer(BROKER.bootstrapServers())) {
            KafkaTestClients.produce(producer, "firstline.intake.webchat", "demo:" + visitor, envelope);
        }

        long contactId = awaitCount("SELECT contact_id FROM message WHERE channel = 'webchat' AND external_id = $1", id);

        assertThat(count("SELECT count(*) FROM contact WHERE id = $1 AND type = 'repair'", contactId)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM contact_deadline WHERE contact_id = $1 AND name = 'resolve'", contactId)).isEqualTo(1);
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheReasonAndLaterRecordsAreStillProcessed() {
        String visitor = "visitor-" + UUID.randomUUID();
        String key = "demo:" + visitor;
        String unprocessable = "msg_nul_" + UUID.randomUUID();
        String good = "msg_good_" + UUID.randomUUID();
        double deadBefore = deadLettered();
        try (KafkaProducer<String, byte[]> producer = KafkaTestClients.producer(BROKER.bootstrapServers())) {
            KafkaTestClients.produce(producer, "firstline.intake.webchat", key, "{not json");
            KafkaTestClients.produce(producer, "firstline.intake.webchat", key, "{\"version\":1,\"channel\":\"webchat\"}");
            // Valid JSON, but PostgreSQL cannot store a NUL character: refused at once, never attempted.
            KafkaTestClients.produce(producer, "firstline.intake.webchat", key,
                    KafkaTestClients.envelope("webchat", unprocessable, visitor, "bad \\u0000 text"));
            KafkaTestClients.produce(producer, "firstline.intake.webchat", key,
                    KafkaTestClients.envelope("webchat", good, visitor, "a normal message"));
        }

        awaitCount("SELECT count(*) FROM message WHERE channel = 'webchat' AND external_id = $1", good);
        List<ConsumerRecord<String, byte[]>> dead = KafkaTestClients.read(BROKER.bootstrapServers(), "firstline.intake.dlq", 3, WAIT)
                .stream().filter(record -> key.equals(record.key())).toList();

        assertThat(dead).hasSize(3);
        assertThat(KafkaTestClients.header(dead.get(0), "firstline.dlq.reason")).isEqualTo("unparseable");
        assertThat(KafkaTestClients.header(dead.get(0), "firstline.dlq.detail")).startsWith("not JSON");
        assertThat(KafkaTestClients.header(dead.get(0), "firstline.dlq.topic")).isEqualTo("firstline.intake.webchat");
        assertThat(KafkaTestClients.header(dead.get(1), "firstline.dlq.reason")).isEqualTo("unparseable");
        assertThat(KafkaTestClients.header(dead.get(1), "firstline.dlq.detail")).contains("\"externalId\" is required");
        assertThat(KafkaTestClients.header(dead.get(2), "firstline.dlq.reason")).isEqualTo("invalid");
        assertThat(KafkaTestClients.header(dead.get(2), "firstline.dlq.detail"))
                .isEqualTo("text contains the control character U+0000 (NUL) at position 4, which cannot be stored");
        assertThat(KafkaTestClients.header(dead.get(2), "firstline.dlq.attempts")).isEqualTo("0");
        assertThat(new String(dead.get(2).value())).contains(unprocessable);
        assertThat(count("SELECT count(*) FROM message WHERE external_id = $1", unprocessable)).isZero();
        assertThat(deadLettered() - deadBefore).isEqualTo(3);
        assertThat(meters.find("firstline.intake.kafka.lag").tag("topic", "firstline.intake.webchat").gauges()).hasSize(3);
    }

    @Test
    void eachConversationKeepsItsOrderWhileConversationsAreProcessedInParallel() {
        int conversations = 12;
        int messages = 8;
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (KafkaProducer<String, byte[]> producer = KafkaTestClients.producer(BROKER.bootstrapServers())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (int m = 0; m < messages; m++) {
                for (int c = 0; c < conversations; c++) {
                    String visitor = "order-" + run + "-" + c;
                    byte[] value = KafkaTestClients.envelope("webchat", "msg-" + run + "-" + c + "-" + m, visitor, "#" + m)
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    sent.add(producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                            "firstline.intake.webchat", "demo:" + visitor, value)));
                }
            }
            producer.flush();
        }

        awaitCount("SELECT CASE WHEN count(*) = $1 THEN 1 ELSE 0 END FROM message WHERE external_id LIKE $2",
                (long) conversations * messages, "msg-" + run + "-%");
        for (int c = 0; c < conversations; c++) {
            List<String> texts = db.sql("SELECT m.body FROM message m WHERE m.external_id LIKE $1 ORDER BY m.id")
                    .bind(0, "msg-" + run + "-" + c + "-%")
                    .map(row -> row.get(0, String.class)).all().collectList().block(WAIT);
            assertThat(texts).as("conversation %d", c).containsExactly("#0", "#1", "#2", "#3", "#4", "#5", "#6", "#7");
            assertThat(count("SELECT count(DISTINCT contact_id) FROM message WHERE external_id LIKE $1",
                    "msg-" + run + "-" + c + "-%")).isEqualTo(1);
        }
    }

    private double deadLettered() {
        return meters.find("firstline.intake.kafka.dead.lettered").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** Polls a single-value query until it yields a positive number; returns it. */
}
