package io.firstline.customer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import io.firstline.contact.ContactView;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Customer archives read from PostgreSQL in a fixed number of queries, however many contacts there are. */
@Repository
class CustomerArchives {

    /** More identities than this on one customer is a sign of linking gone wrong, not a person. */
    static final int MAX_IDENTITIES = 100;

    private final DatabaseClient db;

    public CustomerArchives(DatabaseClient db) {
        this.db = db;
    }

    /** The customer this id stands for in the workspace: itself, or the customer it was merged into. */
    public Mono<CustomerRef> survivor(long workspaceId, long customerId) {
        return db.sql("""
                        SELECT s.id, s.display_name FROM customer c JOIN customer s ON s.id = coalesce(c.merged_into, c.id)
                        WHERE c.id = :id AND c.workspace_id = :workspace""")
                .bind("id", customerId)
                .bind("workspace", workspaceId)
                .map(row -> new CustomerRef(row.get("id", Long.class), row.get("display_name", String.class)))
                .one();
    }

    /** Whether the agent holds, or first responded to, any of the customer's contacts. */
    public Mono<Boolean> involves(long customerId, long agentId) {
        return exists("""
                SELECT EXISTS (SELECT 1 FROM contact WHERE customer_id = :customer
                                                       AND (assignee_id = :other OR first_responder_id = :other))""",
                customerId, agentId);
    }

    /** Whether the contact is one of the customer's. */
    public Mono<Boolean> holds(long customerId, long contactId) {
        return exists("SELECT EXISTS (SELECT 1 FROM contact WHERE id = :other AND customer_id = :customer)",
                customerId, contactId);
    }

    public Mono<CustomerArchive> read(CustomerRef customer) {
        return Mono.zip(identities(customer.id()), contacts(customer.id())).flatMap(parts -> {
            List<CustomerArchive.IdentityView> identities = parts.getT1();
            List<CustomerArchive.ContactEntry> contacts = parts.getT2();
            boolean cut = identities.size() > MAX_IDENTITIES || contacts.size() > CustomerArchive.MAX_CONTACTS;
            List<CustomerArchive.ContactEntry> listed = contacts.subList(0, Math.min(contacts.size(), CustomerArchive.MAX_CONTACTS));
            return newestMessages(listed).map(messages -> {
                boolean messagesCut = false;
                List<CustomerArchive.ContactEntry> entries = new ArrayList<>(listed.size());
                for (CustomerArchive.ContactEntry contact : listed) {
                    List<CustomerArchive.MessageEntry> thread = List.copyOf(messages.getOrDefault(contact.id(), List.of()));
                    int surplus = Math.max(0, thread.size() - CustomerArchive.MAX_MESSAGES);
                    messagesCut |= surplus > 0;
                    entries.add(contact.withMessages(thread.subList(surplus, thread.size())));
                }
                return new CustomerArchive(customer.id(), customer.displayName(),
                        identities.subList(0, Math.min(identities.size(), MAX_IDENTITIES)), entries, cut || messagesCut);
            });
        });
    }

    private Mono<List<CustomerArchive.IdentityView>> identities(long customerId) {
        return db.sql("SELECT channel, handle FROM customer_identity WHERE customer_id = :customer ORDER BY channel, id LIMIT :limit")
                .bind("customer", customerId)
                .bind("limit", MAX_IDENTITIES + 1)
                .map(row -> new CustomerArchive.IdentityView(row.get("channel", String.class), row.get("handle", String.class)))
                .all()
                .collectList();
    }

    /** One more than shown, so the caller knows whether any were left out; the type as classified. */
    private Mono<List<CustomerArchive.ContactEntry>> contacts(long customerId) {
        return db.sql("""
                        SELECT c.id, c.channel, c.status, c.type, c.opened_at, c.updated_at,
                               a.id AS assignee_id, a.display_name AS assignee_name,
                               f.id AS first_responder_id, f.display_name AS first_responder_name,
                               (SELECT u.satisfaction FROM follow_up u WHERE u.contact_id = c.id AND u.status = 'done'
                                  AND u.satisfaction IS NOT NULL ORDER BY u.done_at DESC, u.id DESC LIMIT 1) AS satisfaction
                        FROM contact c LEFT JOIN agent a ON a.id = c.assignee_id LEFT JOIN agent f ON f.id = c.first_responder_id
                        WHERE c.customer_id = :customer ORDER BY c.opened_at DESC, c.id DESC LIMIT :limit""")
                .bind("customer", customerId)
                .bind("limit", CustomerArchive.MAX_CONTACTS + 1)
                .map(row -> new CustomerArchive.ContactEntry(row.get("id", Long.class), row.get("channel", String.class),
                        row.get("status", String.class), row.get("type", String.class), row.get("opened_at", Instant.class),
                        row.get("updated_at", Instant.class), party(row, "first_responder"), party(row, "assignee"),
                        row.get("satisfaction", Integer.class), List.of()))
                .all()
                .collectList();
    }

    /**
     * Up to one more than {@link CustomerArchive#MAX_MESSAGES} of each contact's newest messages, oldest first, by
     * contact. A LIMIT per contact (LATERAL) reads only those rows through message_by_contact, where ranking with
     * row_number() would read every message of a long thread to keep its newest few.
     */
    private Mono<Map<Long, Collection<CustomerArchive.MessageEntry>>> newestMessages(List<CustomerArchive.ContactEntry> contacts) {
        if (contacts.isEmpty()) {
            return Mono.just(Map.of());
        }
        return db.sql("""
                        SELECT m.id, m.contact_id, m.direction, m.author, m.body, m.created_at
                        FROM unnest(CAST(:contacts AS bigint[])) AS listed (contact_id)
                        CROSS JOIN LATERAL (SELECT id, contact_id, direction, author, body, created_at FROM message
                                            WHERE contact_id = listed.contact_id
                                            ORDER BY created_at DESC, id DESC LIMIT :limit) m
                        ORDER BY m.contact_id, m.created_at, m.id""")
                .bind("contacts", contacts.stream().map(CustomerArchive.ContactEntry::id).toArray(Long[]::new))
                .bind("limit", CustomerArchive.MAX_MESSAGES + 1)
                .map(row -> Map.entry(row.get("contact_id", Long.class), new CustomerArchive.MessageEntry(row.get("id", Long.class),
                        row.get("direction", String.class), row.get("author", String.class), row.get("body", String.class),
                        row.get("created_at", Instant.class))))
                .all()
                .collectMultimap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private Mono<Boolean> exists(String sql, long customerId, long otherId) {
        return db.sql(sql)
                .bind("customer", customerId)
                .bind("other", otherId)
                .map(row -> row.get(0, Boolean.class))
                .one();
    }

    private static ContactView.Party party(Readable row, String prefix) {
        Long id = row.get(prefix + "_id", Long.class);
        return id == null ? null : new ContactView.Party(id, row.get(prefix + "_name", String.class));
    }
}
