package io.firstline.contact;

import io.firstline.kernel.Channel;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.firstline.sla.Classification;
import io.firstline.sla.ContactType;
import io.firstline.sla.RepairClass;
import io.firstline.sla.Severity;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Contacts, their messages and their history in PostgreSQL. */
@Repository
public class Contacts {

    private static final String COLUMNS =
            "id, customer_id, channel, queue_id, status, assignee_id, first_responder_id, opened_at, updated_at";

    private final DatabaseClient db;

    public Contacts(DatabaseClient db) {
        this.db = db;
    }

    /**
     * The customer's open contact, locked for the rest of the transaction. A customer linked across channels may
     * have several: the newest on the channel they write on comes first, so replies go back where they wrote.
     */
    public Mono<Contact> lockOpenOfCustomer(long customerId, Channel channel) {
        return db.sql("SELECT " + COLUMNS + " FROM contact WHERE customer_id = :customer"
                        + " AND status NOT IN ('resolved', 'follow_up', 'closed')"
                        + " ORDER BY (channel = :channel) DESC, id DESC LIMIT 1 FOR UPDATE")
                .bind("customer", customerId)
                .bind("channel", channel.wireName())
                .map(Contacts::contact)
                .one();
    }

    /** The contact, locked, only if it belongs to the workspace (intake threads a message into its own workspace only). */
    public Mono<Contact> lockInWorkspace(long workspaceId, long contactId) {
        return db.sql("SELECT " + COLUMNS + " FROM contact WHERE id = :id AND workspace_id = :workspace FOR UPDATE")
                .bind("id", contactId)
                .bind("workspace", workspaceId)
                .map(Contacts::contact)
                .one();
    }

    public Mono<Contact> lock(long contactId) {
        return db.sql("SELECT " + COLUMNS + " FROM contact WHERE id = :id FOR UPDATE")
                .bind("id", contactId)
                .map(Contacts::contact)
                .one();
    }

    /**
     * Stores a new contact; the draft's id is ignored and the stored one returned.
     *
     * @param customerHandle the customer's handle on the contact's channel, where replies go
     */
    Mono<Contact> insert(long workspaceId, String account, String customerHandle, Contact draft,
                                Classification classification, int priority) {
        var spec = db.sql("""
                        INSERT INTO contact (workspace_id, account, customer_handle, customer_id, channel, queue_id, status,
                                             priority, opened_at, updated_at, queued_at, type, severity, repair_class)
                        VALUES (:workspace, :account, :handle, :customer, :channel, :queue, :status, :priority, :opened,
                                :updated, :opened, :type, :severity, :repairClass) RETURNING id""")
                .bind("account", account)
                .bind("type", classification.type().wireName())
                .bind("severity", classification.severity().wireName());
        spec = classification.repairClass() == null ? spec.bindNull("repairClass", String.class)
                : spec.bind("repairClass", classification.repairClass().wireName());
        // A walk-in or a letter has no handle to reply to.
        spec = customerHandle == null ? spec.bindNull("handle", String.class) : spec.bind("handle", customerHandle);
        return spec
                .bind("workspace", workspaceId)
                .bind("customer", draft.customerId())
                .bind("channel", draft.channel().wireName())
                .bind("queue", draft.queueId())
                .bind("status", draft.status().wireName())
                .bind("priority", priority)
                .bind("opened", draft.openedAt())
                .bind("updated", draft.updatedAt())
                .map(row -> row.get("id", Long.class))
                .one()
                .map(id -> Contact.restore(id, draft.customerId(), draft.channel(), draft.queueId(), draft.status(),
                        null, null, draft.openedAt(), draft.updatedAt()));
    }

    /**
     * The customer wrote to this contact from this handle: replies on its channel follow them there (a merged
     * customer's second web-chat visitor or e-mail address is where the conversation now is).
     */
    Mono<Void> followCustomerHandle(long contactId, Channel channel, String handle) {
        return db.sql("UPDATE contact SET customer_handle = :handle WHERE id = :id AND channel = :channel"
                        + " AND customer_handle IS DISTINCT FROM :handle")
                .bind("handle", handle)
                .bind("id", contactId)
                .bind("channel", channel.wireName())
                .then();
    }

    Mono<Void> markResolved(long contactId, Instant at) {
        return db.sql("UPDATE contact SET resolved_at = :at WHERE id = :id").bind("at", at).bind("id", contactId).then();
    }

    /** What the contact records for analysis (issue 11); null fields stay as they are. */
    Mono<Void> recordAnalysis(long contactId, ContactAnalysis analysis) {
        var spec = db.sql("""
                        UPDATE contact SET cause_id = COALESCE(CAST(:cause AS bigint), cause_id),
                               department_id = COALESCE(CAST(:department AS bigint), department_id),
                               disposition = COALESCE(CAST(:disposition AS text), disposition),
                               disposition_reason = CASE WHEN CAST(:disposition AS text) IS NULL THEN disposition_reason ELSE CAST(:reason AS text) END,
                               complaint_valid = COALESCE(CAST(:valid AS boolean), complaint_valid)
                        WHERE id = :id""")
                .bind("id", contactId);
        spec = analysis.causeId() == null ? spec.bindNull("cause", Long.class) : spec.bind("cause", analysis.causeId());
        spec = analysis.departmentId() == null ? spec.bindNull("department", Long.class)
                : spec.bind("department", analysis.departmentId());
        spec = analysis.disposition() == null ? spec.bindNull("disposition", String.class)
                : spec.bind("disposition", analysis.disposition().wireName());
        spec = analysis.reason() == null ? spec.bindNull("reason", String.class) : spec.bind("reason", analysis.reason().strip());
        spec = analysis.complaintValid() == null ? spec.bindNull("valid", Boolean.class)
                : spec.bind("valid", analysis.complaintValid());
        return spec.then();
    }

    /** The contact's classification; its deadlines are recomputed by the caller. */
    Mono<Void> reclassify(long contactId, Classification classification) {
        var spec = db.sql("UPDATE contact SET type = :type, severity = :severity, repair_class = :repairClass WHERE id = :id")
                .bind("type", classification.type().wireName())
                .bind("severity", classification.severity().wireName())
                .bind("id", contactId);
        spec = classification.repairClass() == null ? spec.bindNull("repairClass", String.class)
                : spec.bind("repairClass", classification.repairClass().wireName());
        return spec.then();
    }

    public Mono<Classification> classification(long contactId) {
        return db.sql("SELECT type, severity, repair_class FROM contact WHERE id = :id")
                .bind("id", contactId)
                .map(row -> new Classification(ContactType.fromWireName(row.get("type", String.class)).orElseThrow(),
                        Severity.fromWireName(row.get("severity", String.class)).orElseThrow(),
                        RepairClass.fromWireName(row.get("repair_class", String.class)).orElse(null)))
                .one();
    }

    /** Who answers for a contact now: for notifications. */
    public Mono<Owners> owners(long contactId) {
        return db.sql("SELECT workspace_id, type, status, assignee_id, first_responder_id FROM contact WHERE id = :id")
                .bind("id", contactId)
                .map(row -> new Owners(contactId, row.get("workspace_id", Long.class), row.get("type", String.class),
                        ContactStatus.fromWireName(row.get("status", String.class)).isOpen(),
                        row.get("assignee_id", Long.class), row.get("first_responder_id", Long.class)))
                .one();
    }

    Mono<Void> update(Contact contact) {
        var spec = db.sql("""
                        UPDATE contact SET status = :status, queue_id = :queue, assignee_id = :assignee,
                               first_responder_id = :firstResponder, updated_at = :updated,
                               first_accepted_at = COALESCE(first_accepted_at, CASE WHEN CAST(:firstResponder AS bigint)
                                   IS NOT NULL THEN CAST(:updated AS timestamptz) END)
                        WHERE id = :id""")
                .bind("status", contact.status().wireName())
                .bind("queue", contact.queueId())
                .bind("updated", contact.updatedAt())
                .bind("id", contact.id());
        spec = contact.assigneeId().isPresent() ? spec.bind("assignee", contact.assigneeId().get()) : spec.bindNull("assignee", Long.class);
        spec = contact.firstResponderId().isPresent()
                ? spec.bind("firstResponder", contact.firstResponderId().get()) : spec.bindNull("firstResponder", Long.class);
        return spec.then();
    }

    /**
     * Moves the stored status if it is still one of {@code expected} and appends the history line either way, in
     * one statement (so it is atomic without a transaction of its own: the routing history writer's path).
     */
    Mono<Void> moveStatusRecording(long contactId, List<ContactStatus> expected, ContactStatus to, Instant at,
                                   ContactEventKind kind, String actor, String detail) {
        return db.sql("""
                        WITH moved AS (UPDATE contact SET status = :to, updated_at = :at
                                       WHERE id = :id AND status = ANY(:expected))
                        INSERT INTO contact_event (contact_id, kind, actor, detail, at) VALUES (:id, :kind, :actor, :detail, :at)""")
                .bind("to", to.wireName())
                .bind("at", at)
                .bind("id", contactId)
                .bind("expected", expected.stream().map(ContactStatus::wireName).toArray(String[]::new))
                .bind("kind", kind.wireName())
                .bind("actor", actor)
                .bind("detail", detail)
                .then();
    }

    /**
     * {@link #moveStatusRecording} for many contacts in one statement: one round trip and one run of the tables'
     * statement triggers for the whole drain of the history writer. Lines in order (their events' ids follow it);
     * no contact twice (a statement updates a row once), {@link ContactService#recordOfferHistory} says so.
     */
    Mono<Void> moveStatusesRecording(List<OfferHistoryLine> lines) {
        return db.sql("""
                        WITH line AS (
                            SELECT * FROM unnest(CAST(:ids AS bigint[]), CAST(:expected AS text[]), CAST(:statuses AS text[]),
                                                 CAST(:kinds AS text[]), CAST(:details AS text[]), CAST(:ats AS timestamptz[]))
                                     WITH ORDINALITY AS l(id, expected, status, kind, detail, at, ord)),
                        moved AS (UPDATE contact c SET status = line.status, updated_at = line.at FROM line
                                  WHERE c.id = line.id AND c.status = ANY(string_to_array(line.expected, ',')))
                        INSERT INTO contact_event (contact_id, kind, actor, detail, at)
                        SELECT id, kind, :actor, detail, at FROM line ORDER BY ord""")
                .bind("ids", lines.stream().map(OfferHistoryLine::contactId).toArray(Long[]::new))
                .bind("expected", lines.stream().map(line -> String.join(",",
                        line.expected().stream().map(ContactStatus::wireName).toList())).toArray(String[]::new))
                .bind("statuses", lines.stream().map(line -> line.to().wireName()).toArray(String[]::new))
                .bind("kinds", lines.stream().map(line -> line.kind().wireName()).toArray(String[]::new))
                .bind("details", lines.stream().map(OfferHistoryLine::detail).toArray(String[]::new))
                // As text, cast in SQL: one array type the driver binds for sure.
                .bind("ats", lines.stream().map(line -> line.at().toString()).toArray(String[]::new))
                .bind("actor", OfferHistoryLine.ACTOR)
                .then();
    }

    /** An internal note: stored with the messages (direction {@code internal}), never sent to the customer. */
    Mono<Long> addNote(long contactId, String externalId, String author, String body, Instant at) {
        return db.sql("""
                        INSERT INTO message (contact_id, channel, external_id, direction, author, body, created_at)
                        VALUES (:contact, 'internal', :external, 'internal', :author, :body, :at) RETURNING id""")
                .bind("contact", contactId)
                .bind("external", externalId)
                .bind("author", author)
                .bind("body", body)
                .bind("at", at)
                .map(row -> row.get("id", Long.class))
                .one();
    }

    /** The merged customer's contacts, locked in id order, become the survivor's; emits their ids. */
    Mono<List<Long>> moveToCustomer(long mergedCustomerId, long survivorCustomerId) {
        return db.sql("SELECT id FROM contact WHERE customer_id = :merged ORDER BY id FOR NO KEY UPDATE")
                .bind("merged", mergedCustomerId)
                .then()
                .then(db.sql("UPDATE contact SET customer_id = :survivor WHERE customer_id = :merged RETURNING id")
                        .bind("survivor", survivorCustomerId)
                        .bind("merged", mergedCustomerId)
                        .map(row -> row.get("id", Long.class))
                        .all()
                        .collectList());
    }

    /** The assignee of an open contact someone holds (in progress or replied), if any. */
    public Mono<Long> currentAssignee(long contactId) {
        return db.sql("SELECT assignee_id FROM contact WHERE id = :id AND status IN ('in_progress', 'replied') AND assignee_id IS NOT NULL")
                .bind("id", contactId)
                .map(row -> row.get("assignee_id", Long.class))
                .one();
    }

    Mono<Void> record(long contactId, ContactEventKind kind, String actor, String detail, Instant at) {
        var spec = db.sql("INSERT INTO contact_event (contact_id, kind, actor, detail, at) VALUES (:contact, :kind, :actor, :detail, :at)")
                .bind("contact", contactId)
                .bind("kind", kind.wireName())
                .bind("actor", actor)
                .bind("at", at);
        spec = detail == null ? spec.bindNull("detail", String.class) : spec.bind("detail", detail);
        return spec.then();
    }

    /** One line of a contact's history ({@code contact_event}). */
    public record HistoryLine(String kind, String actor, String detail, Instant at) {
    }

    /** The contact's history in the order it happened. */
    public Flux<HistoryLine> history(long contactId) {
        return db.sql("SELECT kind, actor, detail, at FROM contact_event WHERE contact_id = :id ORDER BY at, id")
                .bind("id", contactId)
                .map(row -> new HistoryLine(row.get("kind", String.class), row.get("actor", String.class),
                        row.get("detail", String.class), row.get("at", Instant.class)))
                .all();
    }

    /** The contact a message is stored in: dedup per workspace, channel and external id. */
    public Mono<Long> contactOfMessage(long workspaceId, Channel channel, String externalId) {
        return db.sql("SELECT contact_id FROM message WHERE channel = :channel AND external_id = :external AND workspace_id = :workspace")
                .bind("workspace", workspaceId)
                .bind("channel", channel.wireName())
                .bind("external", externalId)
                .map(row -> row.get("contact_id", Long.class))
                .one();
    }

    Mono<Void> addMessage(long contactId, Channel channel, String externalId, String direction, String author,
                                 String body, Instant at) {
        return db.sql("""
                        INSERT INTO message (contact_id, channel, external_id, direction, author, body, created_at)
                        VALUES (:contact, :channel, :external, :direction, :author, :body, :at)""")
                .bind("contact", contactId)
                .bind("channel", channel.wireName())
                .bind("external", externalId)
                .bind("direction", direction)
                .bind("author", author)
                .bind("body", body)
                .bind("at", at)
                .then();
    }

    /** Contacts waiting for an agent, with what an offer shows: for rebuilding the router at start-up. */
    public Flux<WaitingRow> waiting(long workspaceId) {
        return db.sql("""
                        SELECT c.id, c.channel, c.priority, c.queued_at, q.skill, q.capacity, cu.display_name,
                               coalesce(c.assignee_id, c.first_responder_id) AS preferred,
                               (SELECT m.body FROM message m WHERE m.contact_id = c.id AND m.direction = 'inbound'
                                ORDER BY m.created_at DESC, m.id DESC LIMIT 1) AS last_text
                        FROM contact c JOIN queue q ON q.id = c.queue_id JOIN customer cu ON cu.id = c.customer_id
                        WHERE c.status IN ('queued', 'offered', 'transferred') AND c.workspace_id = :workspace
                        ORDER BY c.id""")
                .bind("workspace", workspaceId)
                .map(row -> new WaitingRow(row.get("id", Long.class),
                        Channel.fromWireName(row.get("channel", String.class)).orElseThrow(),
                        row.get("skill", String.class), row.get("priority", Integer.class),
                        row.get("queued_at", Instant.class), row.get("preferred", Long.class),
                        row.get("display_name", String.class), row.get("last_text", String.class),
                        Optional.ofNullable(row.get("capacity", Short.class)).map(Short::intValue).orElse(null)))
                .all();
    }

    /**
     * The deadlines (name → due) of every contact {@link #waiting()} returns, in one query: the router's rebuild
     * at start-up reads them all at once instead of one query per waiting contact.
     */
    public Mono<Map<Long, Map<String, Instant>>> waitingDeadlines(long workspaceId) {
        return db.sql("""
                        SELECT d.contact_id, d.name, d.due_at FROM contact_deadline d JOIN contact c ON c.id = d.contact_id
                        WHERE c.status IN ('queued', 'offered', 'transferred') AND c.workspace_id = :workspace""")
                .bind("workspace", workspaceId)
                .map(row -> Map.entry(row.get("contact_id", Long.class), Map.entry(row.get("name", String.class),
                        row.get("due_at", Instant.class))))
                .all()
                .collect(java.util.stream.Collectors.groupingBy(Map.Entry::getKey, java.util.stream.Collectors.toMap(
                        entry -> entry.getValue().getKey(), entry -> entry.getValue().getValue())));
    }

    /** Open contacts held by agents: each counts against its agent's capacity. */
    public Flux<Assignment> assignments(long workspaceId) {
        return db.sql("SELECT assignee_id, channel FROM contact WHERE status IN ('in_progress', 'replied') AND assignee_id IS NOT NULL"
                        + " AND workspace_id = :workspace")
                .bind("workspace", workspaceId)
                .map(row -> new Assignment(row.get("assignee_id", Long.class),
                        Channel.fromWireName(row.get("channel", String.class)).orElseThrow()))
                .all();
    }

    public Mono<ContactView> view(long contactId) {
        Mono<ContactView> head = db.sql("""
                        SELECT c.id, c.channel, c.status, c.type, c.severity, c.repair_class, c.priority, c.opened_at, c.updated_at,
                               cu.id AS customer_id, cu.display_name AS customer_name, q.id AS queue_id, q.code AS queue_code,
                               a.id AS assignee_id, a.display_name AS assignee_name,
                               f.id AS first_responder_id, f.display_name AS first_responder_name
                        FROM contact c JOIN customer cu ON cu.id = c.customer_id JOIN queue q ON q.id = c.queue_id
                        LEFT JOIN agent a ON a.id = c.assignee_id LEFT JOIN agent f ON f.id = c.first_responder_id
                        WHERE c.id = :id""")
                .bind("id", contactId)
                .map(row -> new ContactView(row.get("id", Long.class), row.get("channel", String.class),
                        row.get("status", String.class), row.get("type", String.class), row.get("severity", String.class),
                        row.get("repair_class", String.class), row.get("priority", Integer.class),
                        new ContactView.Party(row.get("customer_id", Long.class), row.get("customer_name", String.class)),
                        new ContactView.QueueRef(row.get("queue_id", Long.class), row.get("queue_code", String.class)),
                        party(row, "assignee"), party(row, "first_responder"),
                        row.get("opened_at", Instant.class), row.get("updated_at", Instant.class), List.of(), List.of()))
                .one();
        Mono<List<DeadlineView>> deadlines = deadlines(contactId);
        Mono<List<ContactView.MessageView>> messages = db.sql("""
                        SELECT id, direction, author, body, created_at, delivery, delivery_error FROM message WHERE contact_id = :id
                        ORDER BY created_at, id""")
                .bind("id", contactId)
                .map(row -> new ContactView.MessageView(row.get("id", Long.class), row.get("direction", String.class),
                        row.get("author", String.class), row.get("body", String.class), row.get("created_at", Instant.class),
                        row.get("delivery", String.class), row.get("delivery_error", String.class)))
                .all()
                .collectList();
        return Mono.zip(head, deadlines, messages).map(parts -> {
            ContactView view = parts.getT1();
            return new ContactView(view.id(), view.channel(), view.status(), view.type(), view.severity(),
                    view.repairClass(), view.priority(), view.customer(), view.queue(), view.assignee(),
                    view.firstResponder(), view.openedAt(), view.updatedAt(), parts.getT2(), parts.getT3());
        });
    }

    public Mono<List<DeadlineView>> deadlines(long contactId) {
        return db.sql("""
                        SELECT name, due_at, warn_at, warned_at, breached_at, met_at, met_by, met_note, without_holiday_data
                        FROM contact_deadline WHERE contact_id = :id ORDER BY due_at, name""")
                .bind("id", contactId)
                .map(row -> new DeadlineView(row.get("name", String.class), row.get("due_at", Instant.class),
                        row.get("warn_at", Instant.class), row.get("warned_at", Instant.class),
                        row.get("breached_at", Instant.class), row.get("met_at", Instant.class),
                        row.get("met_by", String.class), row.get("met_note", String.class),
                        Boolean.TRUE.equals(row.get("without_holiday_data", Boolean.class))))
                .all()
                .collectList();
    }

    /** What a reply needs: the account and the customer's handle on the contact's channel, and the thread so far. */
    public Mono<ReplyContext> replyContext(long contactId) {
        Mono<ReplyContext> head = db.sql("""
                        SELECT c.account, c.channel,
                               coalesce(c.customer_handle, (SELECT i.handle FROM customer_identity i WHERE i.customer_id = c.customer_id
                                                            AND i.channel = c.channel ORDER BY i.id DESC LIMIT 1)) AS handle
                        FROM contact c WHERE c.id = :id""")
                .bind("id", contactId)
                .map(row -> new ReplyContext(row.get("account", String.class), row.get("handle", String.class), List.of()))
                .one();
        Mono<List<String>> thread = db.sql("SELECT external_id FROM message WHERE contact_id = :id AND direction = 'inbound' ORDER BY created_at, id")
                .bind("id", contactId)
                .map(row -> row.get("external_id", String.class))
                .all()
                .collectList();
        return head.zipWith(thread, (context, ids) -> new ReplyContext(context.account(), context.customerHandle(), ids));
    }

    /** An agent's outbound message and how its delivery went. */
    Mono<Long> addReply(long contactId, Channel channel, String externalId, String author, String body, String delivery,
                               String error, Instant at) {
        var spec = db.sql("""
                        INSERT INTO message (contact_id, channel, external_id, direction, author, body, created_at, delivery, delivery_error)
                        VALUES (:contact, :channel, :external, 'outbound', :author, :body, :at, :delivery, :error) RETURNING id""")
                .bind("contact", contactId)
                .bind("channel", channel.wireName())
                .bind("external", externalId)
                .bind("author", author)
                .bind("body", body)
                .bind("at", at)
                .bind("delivery", delivery);
        spec = error == null ? spec.bindNull("error", String.class) : spec.bind("error", error);
        return spec.map(row -> row.get("id", Long.class)).one();
    }

    public record ReplyContext(String account, String customerHandle, List<String> inboundIds) {
    }

    private static ContactView.Party party(Readable row, String prefix) {
        Long id = row.get(prefix + "_id", Long.class);
        return id == null ? null : new ContactView.Party(id, row.get(prefix + "_name", String.class));
    }

    static Contact contact(Readable row) {
        return Contact.restore(row.get("id", Long.class), row.get("customer_id", Long.class),
                Channel.fromWireName(row.get("channel", String.class)).orElseThrow(),
                row.get("queue_id", Long.class), ContactStatus.fromWireName(row.get("status", String.class)),
                row.get("assignee_id", Long.class), row.get("first_responder_id", Long.class),
                row.get("opened_at", Instant.class), row.get("updated_at", Instant.class));
    }

    /** {@code queueCapacity}: the capacity override of the contact's queue, null for the channel's capacity. */
    public record WaitingRow(long contactId, Channel channel, String skill, int priority, Instant waitingSince,
                             Long preferredAgentId, String customerName, String lastText, Integer queueCapacity) {
    }

    public record Assignment(long agentId, Channel channel) {
    }

    /** A contact's type, whether it is still open, and who answers for it. */
    /** Who holds a contact; {@code workspaceId} is whose supervisors and managers hear of it. */
    public record Owners(long contactId, long workspaceId, String type, boolean open, Long assigneeId, Long firstResponderId) {

        /** Assignee and first responder, each once. */
        public List<Long> people() {
            return java.util.stream.Stream.of(assigneeId, firstResponderId).filter(java.util.Objects::nonNull).distinct().toList();
        }
    }
}
