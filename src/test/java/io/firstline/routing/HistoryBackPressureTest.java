package io.firstline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import io.firstline.agent.AgentState;
import io.firstline.agent.Agents;
import io.firstline.contact.ContactService;
import io.firstline.kernel.Channel;
import io.firstline.kernel.EventBus;
import io.firstline.support.AppTestBase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A router of the test's own (history soft limit 8 lines) writing its offer history through the app's real
 * {@link ContactService} to the real database, while the test holds the rows of its contacts locked from another
 * connection, as a stalled database would: once 8 lines wait, new work is refused with {@link RoutingBusyException}
 * and changes nothing, one decision's lines are kept whole even past the limit, settling commands still run, and a
 * new contact (committed, so never refused) joins the queue without an offer; once the lock goes, every line is
 * written (the waiting ones together), and the next tick offers the held contact.
 */
class HistoryBackPressureTest extends AppTestBase {

    /** The engine holds one router per workspace; this test's contacts and agent share one. */
    private static final long WORKSPACE = 1;


    private static final int SOFT_LIMIT = 8;

    @Autowired
    private ContactService contactService;
    @Autowired
    private Agents agents;
    @Autowired
    private Clock clock;
    @Autowired
    private ConnectionFactory connections;

    @Test
    void aStalledHistoryRefusesNewWorkHoldsNewContactsUnofferedAndWritesEveryLineOnceTheStallEnds() {
        RoutingProperties properties = new RoutingProperties(Duration.ofMinutes(10), Duration.ofMinutes(10),
                Duration.ofSeconds(30), 2, Duration.ofMillis(100), 100, Map.of("webchat", 100), Duration.ofSeconds(30),
                SOFT_LIMIT);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RoutingEffects effects = new RoutingEffects(EventBus.of(List.of()), contactService, agents, clock, meters,
                List.of(), properties);
        RoutingEngine engine = new RoutingEngine(properties, effects, clock, meters);
        Disposable writer = effects.startHistoryWriter();
        long agentId = agentId("agent4");
        List<Long> contacts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            contacts.add(queuedContact());
        }
        Long[] ids = contacts.toArray(Long[]::new);
        Connection lock = lockRows(ids);
        try {
            engine.register(new AgentProfile(WORKSPACE, agentId, "agent4", java.util.Set.of())).block(WAIT);
            engine.changeStateHere(WORKSPACE, agentId, AgentState.AVAILABLE).block(WAIT);
            for (int i = 0; i < 6; i++) {
                engine.enqueueAllHere(List.of(waiting(contacts.get(i)))).block(WAIT);
            }
            // 6 lines wait, below the limit: one decision of 5 offers is admitted and kept whole (11 lines).
            engine.enqueueAllHere(contacts.subList(6, 11).stream().map(this::waiting).toList()).block(WAIT);
            assertThat(effects.queuedLines()).isEqualTo(11);
            assertThat(meters.get("firstline.routing.history.queued").gauge().value()).isEqualTo(11.0);

            // Settling what the database already committed is still admitted (room above the soft limit).
            engine.releaseHere(WORKSPACE, agentId, Channel.WEBCHAT).block(WAIT);
            // A new contact is not refused (intake stored and acknowledged it): it waits, but is not offered yet.
            engine.enqueueAllHere(List.of(waiting(contacts.get(11)))).block(WAIT);
            assertThat(effects.queuedLines()).isEqualTo(11);
            StepVerifier.create(engine.changeStateHere(WORKSPACE, agentId, AgentState.AWAY))
                    .expectError(RoutingBusyException.class).verify(WAIT);
            StepVerifier.create(engine.tick()).expectError(RoutingBusyException.class).verify(WAIT);
            // The refused commands changed nothing (the agent is still available) and the held contact has no offer.
            assertThat(engine.offersOfHere(WORKSPACE, agentId).block(WAIT)).hasSize(11)
                    .noneMatch(offer -> offer.contact().contactId() == contacts.get(11));
            assertThat(offeredEvents(ids)).as("nothing written while the rows are locked").isZero();
        } finally {
            Mono.from(lock.rollbackTransaction()).then(Mono.from(lock.close())).block(WAIT);
        }
        try {
            awaitValue(() -> offeredEvents(ids), 11);
            assertThat(count("SELECT count(*) FROM contact WHERE id = ANY($1) AND status = 'offered'", (Object) ids))
                    .isEqualTo(11);
            awaitValue(effects::queuedLines, 0);

            // Once the history caught up, the next tick offers the held contact and its line is written too.
            engine.tick().block(WAIT);
            assertThat(engine.offersOfHere(WORKSPACE, agentId).block(WAIT))
                    .anyMatch(offer -> offer.contact().contactId() == contacts.get(11));
            awaitValue(() -> offeredEvents(ids), 12);
            assertThat(meters.get("firstline.routing.history.failed").counter().count()).isZero();
        } finally {
            engine.changeStateHere(WORKSPACE, agentId, AgentState.OFFLINE).block(WAIT);
            awaitValue(effects::queuedLines, 0);
            engine.shutdown();
            writer.dispose();
        }
    }

    private long offeredEvents(Long[] ids) {
        return count("SELECT count(*) FROM contact_event WHERE contact_id = ANY($1) AND kind = 'offered'", (Object) ids);
    }

    private WaitingContact waiting(long contactId) {
        return new WaitingContact(WORKSPACE, contactId, Channel.WEBCHAT, null, 0, clock.instant(), null, "Visitor", "hello", Map.of());
    }

    /** A waiting web-chat contact the app's own router does not know (inserted by SQL, so no test agent is offered it). */
    private long queuedContact() {
        long customerId = count("INSERT INTO customer (workspace_id, display_name) SELECT id, 'Back-pressure visitor'"
                + " FROM workspace WHERE code = 'demo' RETURNING id");
        return count("INSERT INTO contact (workspace_id, customer_id, channel, queue_id, status, opened_at, updated_at,"
                + " queued_at, customer_handle) SELECT w.id, $1, 'webchat', q.id, 'queued', now(), now(), now(), 'demo:bp-' || $1"
                + " FROM workspace w JOIN queue q ON q.workspace_id = w.id AND q.code = 'webchat' WHERE w.code = 'demo'"
                + " RETURNING id", customerId);
    }

    /** Holds the contacts' rows locked in an open transaction of another connection, as a stalled database would. */
    private Connection lockRows(Long[] ids) {
        Connection connection = Mono.from(connections.create()).block(WAIT);
        Mono.from(connection.beginTransaction())
                .thenMany(Flux.from(connection.createStatement("SELECT id FROM contact WHERE id = ANY($1) FOR UPDATE")
                        .bind("$1", ids).execute()).flatMap(result -> result.map((row, meta) -> row.get(0, Long.class))))
                .then().block(WAIT);
        return connection;
    }

    /** Polls until the value is reached; fails at the deadline. */
    private static void awaitValue(LongSupplier value, long expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (value.getAsLong() != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + expected + " but was " + value.getAsLong());
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
