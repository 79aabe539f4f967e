package io.firstline.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import io.firstline.kernel.Channel;
import io.firstline.support.AppTestBase;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Intake in micro-batches stores exactly what one-by-one processing would, on the real database. */
class IntakeBatchTest extends AppTestBase {

    @Autowired
    private IntakeBatchProcessor batches;

    @Test
    void aBatchStoresEachCustomerOnceWithOneContactAndEveryMessageOnce() {
        String a = "batch-a-" + UUID.randomUUID();
        String b = "batch-b-" + UUID.randomUUID();
        List<InboundEnvelope> batch = List.of(chat(a + "/1", a, "my water is off"), chat(a + "/2", a, "since this morning"),
                chat(b + "/1", b, "I want to complain about my bill"), chat(a + "/1", a, "my water is off"));

        List<ProcessedEnvelope> processed = batches.process(batch).block(WAIT);

        long contactA = processed.get(0).outcome().contactId();
        long contactB = processed.get(2).outcome().contactId();
        assertThat(contactA).isNotEqualTo(contactB);
        assertThat(processed).extracting(envelope -> envelope.outcome().contactId()).containsExactly(contactA, contactA, contactB, contactA);
        assertThat(processed).extracting(envelope -> envelope.outcome().duplicate()).containsExactly(false, false, false, true);
        assertThat(processed.get(0).toRoute()).hasValueSatisfying(waiting -> {
            assertThat(waiting.contactId()).isEqualTo(contactA);
            assertThat(waiting.skill()).isEqualTo("webchat");
            assertThat(waiting.text()).isEqualTo("my water is off");
        });
        assertThat(processed.get(1).toRoute()).isEmpty();
        assertThat(processed.get(2).deadlines()).extracting(deadline -> deadline.name())
                .containsExactlyInAnyOrder("acknowledge", "investigate", "reply", "resolve");

        assertThat(count("SELECT count(*) FROM customer_identity WHERE handle = $1", a)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM contact c JOIN customer_identity i ON i.customer_id = c.customer_id WHERE i.handle = $1", a))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM message WHERE contact_id = $1", contactA)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind = 'customer_wrote'", contactA)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind IN ('received', 'queued')", contactB)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM contact_deadline WHERE contact_id = $1", contactB)).isEqualTo(4);
        assertThat(count("SELECT count(*) FROM contact WHERE id = $1 AND type = 'complaint' AND status = 'queued'"
                + " AND customer_handle = $2", contactB, b)).isEqualTo(1);
        // Messages keep their arrival order within the contact.
        assertThat(db.sql("SELECT body FROM message WHERE contact_id = $1 ORDER BY id").bind(0, contactA)
                .map(row -> row.get("body", String.class)).all().collectList().block(WAIT))
                .containsExactly("my water is off", "since this morning");
    }

    @Test
    void aLaterBatchJoinsTheContactAnEarlierOneOpenedAndKnowsItsMessages() {
        String a = "batch-c-" + UUID.randomUUID();
        long contact = batches.process(List.of(chat(a + "/1", a, "hello"))).block(WAIT).get(0).outcome().contactId();

        List<ProcessedEnvelope> later = batches.process(List.of(chat(a + "/1", a, "hello"), chat(a + "/2", a, "anyone?")))
                .block(WAIT);

        assertThat(later).extracting(envelope -> envelope.outcome().contactId()).containsExactly(contact, contact);
        assertThat(later).extracting(envelope -> envelope.outcome().duplicate()).containsExactly(true, false);
        assertThat(count("SELECT count(*) FROM message WHERE contact_id = $1", contact)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM customer_identity WHERE handle = $1", a)).isEqualTo(1);
    }

    @Test
    void aCustomerWritingBackToARepliedContactPutsItBackInProgressAndRepliesFollowTheirNewHandle() {
        String first = "batch-d-" + UUID.randomUUID();
        String second = "batch-e-" + UUID.randomUUID();
        long contact = batches.process(List.of(chat(first + "/1", first, "hello"))).block(WAIT).get(0).outcome().contactId();
        db.sql("UPDATE contact SET status = 'replied' WHERE id = $1").bind(0, contact).then().block(WAIT);
        // The customer was linked to a second visitor id (another browser), as the archive's linking does.
        db.sql("INSERT INTO customer_identity (customer_id, workspace_id, channel, handle) SELECT customer_id, workspace_id, 'webchat', $1 FROM contact WHERE id = $2")
                .bind(0, second).bind(1, contact).then().block(WAIT);

        List<ProcessedEnvelope> later = batches.process(List.of(chat(second + "/1", second, "from my phone now"),
                chat(second + "/2", second, "still there?"))).block(WAIT);

        assertThat(later).extracting(envelope -> envelope.outcome().contactId()).containsExactly(contact, contact);
        assertThat(count("SELECT count(*) FROM contact WHERE id = $1 AND status = 'in_progress' AND customer_handle = $2",
                contact, second)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind = 'customer_wrote'", contact)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM customer_identity WHERE handle IN ($1, $2)", first, second)).isEqualTo(2);
    }

    @Test
    void concurrentWebhooksFromFewVisitorsWithReplaysMakeOneContactPerVisitorAndStoreEachMessageOnce() {
        String run = UUID.randomUUID().toString();
        List<String[]> posts = new ArrayList<>();
        for (int visitor = 0; visitor < 10; visitor++) {
            for (int message = 0; message < 4; message++) {
                posts.add(new String[] {"wh-" + run + "-" + visitor + "-" + message, "vis-" + run + "-" + visitor});
            }
        }
        List<String[]> withReplays = new ArrayList<>(posts);
        withReplays.addAll(posts.subList(0, 10));
        WebClient client = WebClient.create("http://localhost:" + port);
        Map<String, Long> contactOfVisitor = new ConcurrentHashMap<>();
        Map<String, Long> contactOfWebhook = new ConcurrentHashMap<>();

        List<Mono<JsonNode>> requests = withReplays.stream().map(post -> send(client, post[0], post[1])
                        .doOnNext(receipt -> {
                            long contactId = receipt.get("contactId").asLong();
                            Long earlier = contactOfWebhook.putIfAbsent(post[0], contactId);
                            assertThat(earlier == null || earlier == contactId).as("a replay answers the same contact").isTrue();
                            contactOfVisitor.merge(post[1], contactId, (x, y) -> {
                                assertThat(x).as("one contact per visitor").isEqualTo(y);
                                return x;
                            });
                        }))
                .toList();
        List<JsonNode> receipts = Flux.fromIterable(requests)
                .flatMap(request -> request, 32)
                .collectList()
                .block(WAIT.multipliedBy(3));

        assertThat(receipts).hasSize(50);
        assertThat(receipts).filteredOn(receipt -> receipt.get("duplicate").asBoolean()).hasSize(10);
        assertThat(contactOfVisitor).hasSize(10);
        assertThat(count("SELECT count(*) FROM message WHERE external_id LIKE $1", "wh-" + run + "-%")).isEqualTo(40);
        assertThat(count("SELECT count(DISTINCT contact_id) FROM message WHERE external_id LIKE $1", "wh-" + run + "-%")).isEqualTo(10);
        assertThat(count("SELECT count(*) FROM customer_identity WHERE handle LIKE $1", "demo:vis-" + run + "-%")).isEqualTo(10);
    }

    /** Signed on the calling thread (signing draws randomness); sent when subscribed. */
    private Mono<JsonNode> send(WebClient client, String id, String visitor) {
        String body = Webhooks.body(visitor, "message " + id, "Visitor " + visitor);
        long now = Webhooks.now();
        String signature = Webhooks.signature(Webhooks.DEMO_SECRET, id, now, body);
        return client.post().uri("/webhooks/webchat/demo").contentType(MediaType.APPLICATION_JSON)
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", signature)
                .bodyValue(body)
                .exchangeToMono(response -> {
                    assertThat(response.statusCode().value()).as("webhook %s answered", id).isEqualTo(202);
                    return response.bodyToMono(JsonNode.class);
                })
                .timeout(WAIT);
    }

    private static InboundEnvelope chat(String id, String visitor, String text) {
        return new InboundEnvelope(Channel.WEBCHAT, "demo", id, visitor, visitor, "Visitor", text, Instant.now());
    }
}
