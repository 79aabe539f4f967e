package io.firstline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import io.firstline.kernel.Channel;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The app's own router with an offer-history soft limit of one line, its writer stalled by a row the test holds
 * locked (as a stalled database would): a web-chat contact that arrives then is stored, acknowledged and taken into
 * the queue without an offer (before, the router refused it, intake gave up after about 13 s and no agent was ever
 * offered it until a restart); once the stall ends, the agent's console gets its offer, with no restart.
 */
@TestPropertySource(properties = {"firstline.db.name=firstline_test_busy_history", "firstline.routing.history-backlog=1"})
class OfferAfterBusyHistoryTest extends AppTestBase {

    @Autowired
    private RoutingEngine engine;
    @Autowired
    private Clock clock;
    @Autowired
    private ConnectionFactory connections;

    @Test
    void aContactArrivingWhileTheHistoryIsStalledIsOfferedOnceItCatchesUpWithoutARestart() {
        Set<Long> reachedRouter = ConcurrentHashMap.newKeySet();
        engine.observe(new RoutingObserver() {
            @Override
            public void waiting(WaitingContact contact, java.time.Instant at) {
                reachedRouter.add(contact.contactId());
            }
        });
        String token = login("agent1");
        availableOnceAdmitted(token);
        ConsoleSocket console = console(token);

        // The history of the first offer cannot be written while its row is locked: the writer is one line behind.
        long stalled = queuedContact();
        Connection lock = lockRow(stalled);
        try {
            engine.enqueueAllHere(java.util.List.of(new WaitingContact(count("SELECT " + DEFAULT_WORKSPACE), stalled, Channel.WEBCHAT, null, 0, clock.instant(),
                    null, "Stalled visitor", "hello", Map.of()))).block(WAIT);
            console.await(frame -> isOfferFor(frame, stalled), WAIT);

            long contactId = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "is anyone there?")
                    .get("contactId").asLong();
            awaitTrue(() -> reachedRouter.contains(contactId), "the stored contact reached the router");
            assertThat(console.received()).as("no offer while the history is behind").noneMatch(frame -> isOfferFor(frame, contactId));
        } finally {
            Mono.from(lock.rollbackTransaction()).then(Mono.from(lock.close())).block(WAIT);
        }
        long contactId = reachedRouter.stream().filter(id -> id != stalled).findFirst().orElseThrow();
        console.await(frame -> isOfferFor(frame, contactId), Duration.ofSeconds(20));
        awaitTrue(() -> count("SELECT count(*) FROM contact WHERE id = $1 AND status = 'offered'", contactId) == 1,
                "the contact's offer is in its history");
    }

    /**
     * With a soft limit of one line, the presence lines of the agents set offline before each test may still be
     * being written: going available is then refused with 503 (new work while the history is behind), and a
     * console tries again, as this does.
     */
    private void availableOnceAdmitted(String token) {
        awaitTrue(() -> http.post().uri("/api/v1/agents/me/state").headers(h -> h.setBearerAuth(token))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).bodyValue(Map.of("state", "available"))
                .exchange().returnResult(Void.class).getStatus().value() == 200, "the agent is available");
    }

    private static boolean isOfferFor(tools.jackson.databind.JsonNode frame, long contactId) {
        return "offer".equals(frame.path("type").asString()) && frame.path("data").path("contactId").asLong() == contactId;
    }

    /** A waiting web-chat contact inserted by SQL (so intake does not route it; the test hands it to the router). */
    private long queuedContact() {
        long customerId = count("INSERT INTO customer (workspace_id, display_name) SELECT id, 'Stalled visitor'"
                + " FROM workspace WHERE code = 'demo' RETURNING id");
        return count("INSERT INTO contact (workspace_id, customer_id, channel, queue_id, status, opened_at, updated_at,"
                + " queued_at, customer_handle) SELECT w.id, $1, 'webchat', q.id, 'queued', now(), now(), now(), 'demo:stall-' || $1"
                + " FROM workspace w JOIN queue q ON q.workspace_id = w.id AND q.code = 'webchat' WHERE w.code = 'demo'"
                + " RETURNING id", customerId);
    }

    /** Holds the contact's row locked in an open transaction of another connection. */
    private Connection lockRow(long contactId) {
        Connection connection = Mono.from(connections.create()).block(WAIT);
        Mono.from(connection.beginTransaction())
                .thenMany(Flux.from(connection.createStatement("SELECT id FROM contact WHERE id = $1 FOR UPDATE")
                        .bind("$1", contactId).execute()).flatMap(result -> result.map((row, meta) -> row.get(0, Long.class))))
                .then().block(WAIT);
        return connection;
    }

    /** Polls until the condition holds; fails at the deadline. */
    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            try {
                Thread.sleep(50); // pause between polls, bounded by the deadline above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
