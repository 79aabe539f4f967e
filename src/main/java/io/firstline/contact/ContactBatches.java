package io.firstline.contact;

import io.firstline.kernel.Channel;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Multi-row statements over contacts, their messages and their history, for intake's micro-batches: one
 * statement per kind of row whatever the batch size, each taking its rows as arrays ({@code unnest}), so the SQL
 * text stays the same and its prepared plan is reused. Instants travel as ISO-8601 text cast to timestamptz.
 */
@Repository
public class ContactBatches {

    private static final String OPEN = "status NOT IN ('resolved', 'follow_up', 'closed')";
    private static final String COLUMNS =
            "id, customer_id, channel, queue_id, status, assignee_id, first_responder_id, opened_at, updated_at";

    private final DatabaseClient db;

    public ContactBatches(DatabaseClient db) {
        this.db = db;
    }

    /** A message as the provider identifies it. */
    public record MessageKey(Channel channel, String externalId) {
    }

    /** The contact of each message already stored, by its key; keys not stored are absent. */
    /** Which of these messages one workspace already stored, and in which contact (dedup is per workspace). */
    public Mono<Map<MessageKey, Long>> contactsOfMessages(long workspaceId, Collection<MessageKey> keys) {
        return db.sql("""
                        SELECT m.channel, m.external_id, m.contact_id
                        FROM message m JOIN unnest(:channels::text[], :externals::text[]) AS k(channel, external_id)
                          ON m.channel = k.channel AND m.external_id = k.external_id AND m.workspace_id = :workspace""")
                .bind("workspace", workspaceId)
                .bind("channels", keys.stream().map(key -> key.channel().wireName()).toArray(String[]::new))
                .bind("externals", keys.stream().map(MessageKey::externalId).toArray(String[]::new))
                .map(row -> Map.entry(new MessageKey(Channel.fromWireName(row.get("channel", String.class)).orElseThrow(),
                        row.get("external_id", String.class)), row.get("contact_id", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
    }

    /**
     * The contacts an intake batch may join, locked for the rest of the transaction in one statement, in id order
     * (so two batches, or a batch and a merge, never lock them in opposite orders): these e-mail threads' contacts,
     * whatever their status, and every open contact of these customers.
     */
    public Mono<List<Contact>> lockForIntake(long workspaceId, Collection<Long> threadContactIds, Collection<Long> customerIds) {
        if (threadContactIds.isEmpty() && customerIds.isEmpty()) {
            return Mono.just(List.of());
        }
        // A message threads only into a contact of its own workspace: another's is not found, so it opens a new one.
        return db.sql("SELECT " + COLUMNS + " FROM contact WHERE (id = ANY(:threads) AND workspace_id = :workspace)"
                        + " OR (customer_id = ANY(:customers) AND " + OPEN + ") ORDER BY id FOR UPDATE")
                .bind("workspace", workspaceId)
                .bind("threads", threadContactIds.toArray(Long[]::new))
                .bind("customers", customerIds.toArray(Long[]::new))
                .map(Contacts::contact)
                .all()
                .collectList();
    }

    /** {@code count} new contact ids from the table's sequence, ascending. */
    public Mono<List<Long>> reserveIds(int count) {
        return Sequences.reserve(db, "contact_id_seq", count);
    }

    /** A contact intake opens, with the id reserved for it. */
    public record NewContact(long workspaceId, String account, String customerHandle, Contact contact, String type,
                             String severity, String repairClass, int priority) {
    }

    /**
     * New contacts, history lines and messages in one statement (FOREIGN KEY checks run at its end, when the new
     * contacts exist). Lines and messages are stored in list order: their ids ascend in that order, as they are read.
     */
    public Mono<Void> store(List<NewContact> contacts, List<EventRow> events, List<MessageRow> messages) {
        if (contacts.isEmpty() && events.isEmpty() && messages.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                        WITH new_contact AS (
                          INSERT INTO contact (id, workspace_id, account, customer_handle, customer_id, channel, queue_id, status,
                                               priority, opened_at, updated_at, queued_at, type, severity, repair_class)
                          SELECT r.id, r.workspace_id, r.account, r.handle, r.customer_id, r.channel, r.queue_id, r.status,
                                 r.priority, r.opened_at, r.updated_at, r.opened_at, r.type, r.severity, r.repair_class
                          FROM unnest(:ids::bigint[], :workspaces::bigint[], :accounts::text[], :handles::text[],
                                      :customers::bigint[], :channels::text[], :queues::bigint[], :statuses::text[],
                                      :priorities::int[], :opened::timestamptz[], :updated::timestamptz[], :types::text[],
                                      :severities::text[], :repairClasses::text[])
                               AS r(id, workspace_id, account, handle, customer_id, channel, queue_id, status, priority,
                                    opened_at, updated_at, type, severity, repair_class)
                        ), new_event AS (
                          INSERT INTO contact_event (contact_id, kind, actor, detail, at)
                          SELECT e.contact_id, e.kind, e.actor, e.detail, e.at
                          FROM unnest(:eventContacts::bigint[], :kinds::text[], :actors::text[], :details::text[],
                                      :eventAts::timestamptz[]) WITH ORDINALITY AS e(contact_id, kind, actor, detail, at, n)
                          ORDER BY e.n
                        )
                        INSERT INTO message (workspace_id, contact_id, channel, external_id, direction, author, body, created_at)
                        SELECT m.workspace_id, m.contact_id, m.channel, m.external_id, m.direction, m.author, m.body, m.created_at
                        FROM unnest(:messageWorkspaces::bigint[], :messageContacts::bigint[], :messageChannels::text[], :externals::text[],
                                    :directions::text[], :authors::text[], :bodies::text[], :messageAts::timestamptz[])
                             WITH ORDINALITY AS m(workspace_id, contact_id, channel, external_id, direction, author, body, created_at, n)
                        ORDER BY m.n""")
                .bind("ids", contacts.stream().map(row -> row.contact().id()).toArray(Long[]::new))
                .bind("workspaces", contacts.stream().map(NewContact::workspaceId).toArray(Long[]::new))
                .bind("accounts", contacts.stream().map(NewContact::account).toArray(String[]::new))
                .bind("handles", contacts.stream().map(NewContact::customerHandle).toArray(String[]::new))
                .bind("customers", contacts.stream().map(row -> row.contact().customerId()).toArray(Long[]::new))
                .bind("channels", contacts.stream().map(row -> row.contact().channel().wireName()).toArray(String[]::new))
                .bind("queues", contacts.stream().map(row -> row.contact().queueId()).toArray(Long[]::new))
                .bind("statuses", contacts.stream().map(row -> row.contact().status().wireName()).toArray(String[]::new))
                .bind("priorities", contacts.stream().map(NewContact::priority).toArray(Integer[]::new))
                .bind("opened", contacts.stream().map(row -> text(row.contact().openedAt())).toArray(String[]::new))
                .bind("updated", contacts.stream().map(row -> text(row.contact().updatedAt())).toArray(String[]::new))
                .bind("types", contacts.stream().map(NewContact::type).toArray(String[]::new))
                .bind("severities", contacts.stream().map(NewContact::severity).toArray(String[]::new))
                .bind("repairClasses", contacts.stream().map(NewContact::repairClass).toArray(String[]::new))
                .bind("eventContacts", events.stream().map(EventRow::contactId).toArray(Long[]::new))
                .bind("kinds", events.stream().map(event -> event.kind().wireName()).toArray(String[]::new))
                .bind("actors", events.stream().map(EventRow::actor).toArray(String[]::new))
                .bind("details", events.stream().map(EventRow::detail).toArray(String[]::new))
                .bind("eventAts", events.stream().map(event -> text(event.at())).toArray(String[]::new))
                // Named here: the message's contact may be inserted by this very statement, where a trigger cannot see it.
                .bind("messageWorkspaces", messages.stream().map(MessageRow::workspaceId).toArray(Long[]::new))
                .bind("messageContacts", messages.stream().map(MessageRow::contactId).toArray(Long[]::new))
                .bind("messageChannels", messages.stream().map(message -> message.channel().wireName()).toArray(String[]::new))
                .bind("externals", messages.stream().map(MessageRow::externalId).toArray(String[]::new))
                .bind("directions", messages.stream().map(MessageRow::direction).toArray(String[]::new))
                .bind("authors", messages.stream().map(MessageRow::author).toArray(String[]::new))
                .bind("bodies", messages.stream().map(MessageRow::body).toArray(String[]::new))
                .bind("messageAts", messages.stream().map(message -> text(message.at())).toArray(String[]::new))
                .then();
    }

    /** Stores the state of contacts that moved (status, queue, assignee, first responder, updated at), one row each. */
    public Mono<Void> updateAll(Collection<Contact> contacts) {
        if (contacts.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                        UPDATE contact c SET status = u.status, queue_id = u.queue_id, assignee_id = u.assignee_id,
                                             first_responder_id = u.first_responder_id, updated_at = u.updated_at
                        FROM unnest(:ids::bigint[], :statuses::text[], :queues::bigint[], :assignees::bigint[],
                                    :firstResponders::bigint[], :updated::timestamptz[])
                             AS u(id, status, queue_id, assignee_id, first_responder_id, updated_at)
                        WHERE c.id = u.id""")
                .bind("ids", contacts.stream().map(Contact::id).toArray(Long[]::new))
                .bind("statuses", contacts.stream().map(contact -> contact.status().wireName()).toArray(String[]::new))
                .bind("queues", contacts.stream().map(Contact::queueId).toArray(Long[]::new))
                .bind("assignees", contacts.stream().map(contact -> contact.assigneeId().orElse(null)).toArray(Long[]::new))
                .bind("firstResponders", contacts.stream().map(contact -> contact.firstResponderId().orElse(null)).toArray(Long[]::new))
                .bind("updated", contacts.stream().map(contact -> text(contact.updatedAt())).toArray(String[]::new))
                .then();
    }

    /** Where replies on a contact's channel go now: see {@link Contacts#followCustomerHandle}. One row per contact. */
    public record HandleMove(long contactId, Channel channel, String handle) {
    }

    public Mono<Void> followCustomerHandles(Collection<HandleMove> moves) {
        if (moves.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                        UPDATE contact c SET customer_handle = u.handle
                        FROM unnest(:ids::bigint[], :channels::text[], :handles::text[]) AS u(id, channel, handle)
                        WHERE c.id = u.id AND c.channel = u.channel AND c.customer_handle IS DISTINCT FROM u.handle""")
                .bind("ids", moves.stream().map(HandleMove::contactId).toArray(Long[]::new))
                .bind("channels", moves.stream().map(move -> move.channel().wireName()).toArray(String[]::new))
                .bind("handles", moves.stream().map(HandleMove::handle).toArray(String[]::new))
                .then();
    }

    /** One line of a contact's history; see {@link Contacts#record}. */
    public record EventRow(long contactId, ContactEventKind kind, String actor, String detail, Instant at) {
    }

    /** An inbound or outbound message; see {@link Contacts#addMessage}. */
    public record MessageRow(long workspaceId, long contactId, Channel channel, String externalId, String direction, String author,
                             String body, Instant at) {
    }

    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
