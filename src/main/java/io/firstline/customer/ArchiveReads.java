package io.firstline.customer;

import java.time.Instant;
import io.firstline.contact.ContactView;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The audit trail of customer archives read by people (DOMAIN §7): written once per read, never changed. */
@Repository
class ArchiveReads {

    /** The trail answers with this many reads at most, the newest. */
    public static final int MAX_TRAIL = 200;

    private final DatabaseClient db;

    public ArchiveReads(DatabaseClient db) {
        this.db = db;
    }

    /**
     * One read of an archive.
     *
     * @param customerId the archive's customer (the id a customer was merged into, not the one asked for)
     * @param contactId  the contact the reader was working on, or null
     */
    public record ArchiveRead(ContactView.Party agent, Long contactId, Instant at, long customerId) {
    }

    public Mono<Void> record(long workspaceId, long customerId, long agentId, Long contactId, Instant at) {
        var spec = db.sql("""
                        INSERT INTO customer_archive_read (workspace_id, customer_id, agent_id, contact_id, read_at)
                        VALUES (:workspace, :customer, :agent, :contact, :at)""")
                .bind("workspace", workspaceId)
                .bind("customer", customerId)
                .bind("agent", agentId)
                .bind("at", at);
        spec = contactId == null ? spec.bindNull("contact", Long.class) : spec.bind("contact", contactId);
        return spec.fetch().rowsUpdated().then();
    }

    /** The customer's reads, newest first, including reads of the customers since merged into it. */
    public Flux<ArchiveRead> trail(long customerId) {
        return db.sql("""
                        SELECT r.customer_id, r.contact_id, r.read_at, a.id AS agent_id, a.display_name AS agent_name
                        FROM customer_archive_read r JOIN agent a ON a.id = r.agent_id
                        WHERE r.customer_id IN (SELECT id FROM customer WHERE id = :customer OR merged_into = :customer)
                        ORDER BY r.read_at DESC, r.id DESC LIMIT :limit""")
                .bind("customer", customerId)
                .bind("limit", MAX_TRAIL)
                .map(row -> new ArchiveRead(new ContactView.Party(row.get("agent_id", Long.class), row.get("agent_name", String.class)),
                        row.get("contact_id", Long.class), row.get("read_at", Instant.class), row.get("customer_id", Long.class)))
                .all();
    }
}
