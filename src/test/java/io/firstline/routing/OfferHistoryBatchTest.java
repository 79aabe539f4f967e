package io.firstline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import io.firstline.agent.AgentState;
import io.firstline.agent.Agents;
import io.firstline.contact.ContactService;
import io.firstline.contact.OfferHistoryLine;
import io.firstline.support.AppTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.test.StepVerifier;

/**
 * The history writer's one-statement drains on the real database: each contact's status moves only from the
 * statuses its line expects, every line's event is appended in the given order, and agents' states are stored
 * unless a newer one is already there.
 */
class OfferHistoryBatchTest extends AppTestBase {

    @Autowired
    private ContactService contacts;
    @Autowired
    private Agents agents;

    @Test
    void manyOfferLinesInOneStatementMoveEachContactFromWhatItExpectsAndAppendEveryEventInOrder() {
        long first = queuedContact();
        long second = queuedContact();
        long third = queuedContact();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        StepVerifier.create(contacts.recordOfferHistory(List.of(
                        OfferHistoryLine.offered(first, 7, at.plusSeconds(30), at),
                        OfferHistoryLine.offered(second, 7, at.plusSeconds(30), at),
                        // Not offered, so its status stays; the line is appended all the same, as one line would be.
                        OfferHistoryLine.ended(third, 7, "expired", at))))
                .verifyComplete();

        assertThat(count("SELECT count(*) FROM contact WHERE id IN ($1, $2) AND status = 'offered' AND updated_at = $3",
                first, second, at)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM contact WHERE id = $1 AND status = 'queued'", third)).isEqualTo(1);
        List<Long> inOrder = db.sql("SELECT contact_id FROM contact_event WHERE contact_id IN ($1, $2, $3) AND actor = 'router' ORDER BY id")
                .bind(0, first).bind(1, second).bind(2, third)
                .map(row -> row.get(0, Long.class)).all().collectList().block(WAIT);
        assertThat(inOrder).containsExactly(first, second, third);
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind = 'queued'"
                + " AND detail = 'offer to agent 7 expired'", third)).isEqualTo(1);
    }

    @Test
    void manyAgentStatesInOneStatementKeepANewerStoredState() {
        long stored = agentId("agent3");
        long other = agentId("agent4");
        Instant newer = Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.MILLIS);
        agents.saveState(stored, AgentState.BREAK, newer).block(WAIT);
        try {
            StepVerifier.create(agents.saveStates(List.of(
                            new Agents.SavedState(stored, AgentState.AWAY, newer.minusSeconds(60)),
                            new Agents.SavedState(other, AgentState.AWAY, newer.minusSeconds(60)))))
                    .verifyComplete();
            assertThat(count("SELECT count(*) FROM agent WHERE id = $1 AND state = 'break'", stored)).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM agent WHERE id = $1 AND state = 'away'", other)).isEqualTo(1);
        } finally {
            db.sql("UPDATE agent SET state = 'offline', state_since = now() WHERE id IN ($1, $2)").bind(0, stored).bind(1, other)
                    .then().block(WAIT);
        }
    }

    /** A waiting web-chat contact no router knows (inserted by SQL). */
    private long queuedContact() {
        long customerId = count("INSERT INTO customer (workspace_id, display_name) SELECT id, 'Batch visitor'"
                + " FROM workspace WHERE code = 'demo' RETURNING id");
        return count("INSERT INTO contact (workspace_id, customer_id, channel, queue_id, status, opened_at, updated_at,"
                + " queued_at, customer_handle) SELECT w.id, $1, 'webchat', q.id, 'queued', now(), now(), now(), 'demo:batch-' || $1"
                + " FROM workspace w JOIN queue q ON q.workspace_id = w.id AND q.code = 'webchat' WHERE w.code = 'demo'"
                + " RETURNING id", customerId);
    }
}
