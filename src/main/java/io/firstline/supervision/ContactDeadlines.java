package io.firstline.supervision;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import io.firstline.contact.DeadlineView;
import io.firstline.kernel.Channel;
import io.firstline.sla.Classification;
import io.firstline.sla.ContactType;
import io.firstline.sla.RepairClass;
import io.firstline.sla.Severity;
import io.firstline.sla.Deadline;
import io.firstline.sla.StepEvent;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Contacts' deadlines in PostgreSQL: what the timers are rebuilt from after a restart. */
@Repository
class ContactDeadlines {

    private static final String COLUMNS =
            "name, due_at, warn_at, warned_at, breached_at, met_at, met_by, met_note, without_holiday_data";

    private final DatabaseClient db;

    public ContactDeadlines(DatabaseClient db) {
        this.db = db;
    }

    /** Replaces the contact's deadlines (first computation, reclassification, reopen). */
    public Mono<List<DeadlineView>> replace(long contactId, List<Deadline> deadlines) {
        Mono<Void> delete = db.sql("DELETE FROM contact_deadline WHERE contact_id = :contact").bind("contact", contactId).then();
        return delete.thenMany(Flux.fromIterable(deadlines).concatMap(deadline -> upsert(contactId, deadline)))
                .then(Mono.defer(() -> of(contactId)));
    }

    /** Stores the first deadlines of new contacts (none stored yet), in one statement. */
    public Mono<Void> insertAll(Map<Long, List<Deadline>> deadlinesByContact) {
        List<Long> contacts = new ArrayList<>();
        List<Deadline> rows = new ArrayList<>();
        deadlinesByContact.forEach((contactId, deadlines) -> deadlines.forEach(deadline -> {
            contacts.add(contactId);
            rows.add(deadline);
        }));
        if (rows.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                        INSERT INTO contact_deadline (contact_id, name, due_at, warn_at, met_events, without_holiday_data)
                        SELECT c, n, d, w, string_to_array(e, ','), h
                        FROM unnest(:contacts::bigint[], :names::text[], :dues::timestamptz[], :warns::timestamptz[],
                                    :events::text[], :guessed::boolean[]) AS rows (c, n, d, w, e, h)""")
                .bind("contacts", contacts.toArray(Long[]::new))
                .bind("names", rows.stream().map(Deadline::name).toArray(String[]::new))
                .bind("dues", rows.stream().map(deadline -> deadline.dueAt().toString()).toArray(String[]::new))
                .bind("warns", rows.stream().map(deadline -> deadline.warnAt().toString()).toArray(String[]::new))
                .bind("events", rows.stream().map(deadline -> String.join(",", events(deadline))).toArray(String[]::new))
                .bind("guessed", rows.stream().map(Deadline::withoutHolidayData).toArray(Boolean[]::new))
                .then();
    }

    /** Deadlines as PostgreSQL stores them: timestamptz keeps whole microseconds. */
    static List<Deadline> asStored(List<Deadline> deadlines) {
        return deadlines.stream()
                .map(deadline -> new Deadline(deadline.name(), deadline.dueAt().truncatedTo(ChronoUnit.MICROS),
                        deadline.warnAt().truncatedTo(ChronoUnit.MICROS), deadline.metBy(), deadline.withoutHolidayData()))
                .toList();
    }

    /** Freshly stored deadlines as {@link #of} would read them back: none fired yet, by due instant then name. */
    static List<DeadlineView> pending(List<Deadline> deadlines) {
        return deadlines.stream()
                .map(deadline -> new DeadlineView(deadline.name(), deadline.dueAt(), deadline.warnAt(), null, null, null,
                        null, null, deadline.withoutHolidayData()))
                .sorted(Comparator.comparing(DeadlineView::dueAt).thenComparing(DeadlineView::name))
                .toList();
    }

    /** Sets one deadline anew (an approved extension, the feedback after a resolution); it may warn and breach again. */
    public Mono<Void> upsert(long contactId, Deadline deadline) {
        return db.sql("""
                        INSERT INTO contact_deadline (contact_id, name, due_at, warn_at, met_events, without_holiday_data)
                        VALUES (:contact, :name, :due, :warn, :events, :guessed)
                        ON CONFLICT (contact_id, name) DO UPDATE SET due_at = :due, warn_at = :warn, warned_at = NULL,
                            breached_at = NULL, escalated_at = NULL, met_events = :events, without_holiday_data = :guessed""")
                .bind("contact", contactId)
                .bind("name", deadline.name())
                .bind("due", deadline.dueAt())
                .bind("warn", deadline.warnAt())
                .bind("events", events(deadline))
                .bind("guessed", deadline.withoutHolidayData())
                .then();
    }

    /** The wire names of the events that meet the deadline, in a stable order. */
    static String[] events(Deadline deadline) {
        return deadline.metBy().stream().sorted().map(StepEvent::wireName).toArray(String[]::new);
    }

    /**
     * The step happened: every deadline of the contact not met yet that this event meets is met now (on time or
     * late, a breached one too); emits their names.
     */
    public Mono<List<String>> meet(long contactId, StepEvent event, String actor, Instant at) {
        return db.sql("""
                        UPDATE contact_deadline SET met_at = :at, met_by = :actor, met_note = :note
                        WHERE contact_id = :contact AND met_at IS NULL AND :event = ANY(met_events) RETURNING name""")
                .bind("at", at)
                .bind("actor", actor)
                .bind("note", "by " + event.wireName().replace('_', '-'))
                .bind("contact", contactId)
                .bind("event", event.wireName())
                .map(row -> row.get("name", String.class))
                .all()
                .collectList();
    }

    /** One deadline met by hand, with a note ("investigation started"); false when it is unknown or already met. */
    public Mono<Boolean> meetByHand(long contactId, String name, String actor, String note, Instant at) {
        return db.sql("""
                        UPDATE contact_deadline SET met_at = :at, met_by = :actor, met_note = :note
                        WHERE contact_id = :contact AND name = :name AND met_at IS NULL""")
                .bind("at", at)
                .bind("actor", actor)
                .bind("note", note)
                .bind("contact", contactId)
                .bind("name", name)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows > 0);
    }


    /** A supervisor's approval of an extension: who, why, to when. */
    public Mono<Void> recordExtension(long contactId, String name, Instant newDueAt, long approvedBy, String reason,
                                      Instant at) {
        return db.sql("""
                        INSERT INTO deadline_extension (contact_id, deadline, new_due_at, approved_by, reason, at)
                        VALUES (:contact, :name, :due, :by, :reason, :at)""")
                .bind("contact", contactId)
                .bind("name", name)
                .bind("due", newDueAt)
                .bind("by", approvedBy)
                .bind("reason", reason)
                .bind("at", at)
                .then();
    }

    public Mono<List<DeadlineView>> of(long contactId) {
        return db.sql("SELECT " + COLUMNS + " FROM contact_deadline WHERE contact_id = :contact ORDER BY due_at, name COLLATE \"C\"")
                .bind("contact", contactId)
                .map(ContactDeadlines::view)
                .all()
                .collectList();
    }

    /**
     * Deadlines still to fire, by contact: the unmet ones of every contact still being worked on, and the feedback
     * deadline of resolved contacts. A breach whose second-level escalation may still be due is included (its
     * escalation is re-armed; the breach itself does not fire again).
     */
    public Mono<Map<Long, List<DeadlineView>>> pendingOfOpenContacts() {
        return db.sql("""
                        SELECT d.contact_id, d.name, d.due_at, d.warn_at, d.warned_at, d.breached_at, d.met_at, d.met_by,
                               d.met_note, d.without_holiday_data
                        FROM contact_deadline d JOIN contact c ON c.id = d.contact_id
                        WHERE d.met_at IS NULL AND d.escalated_at IS NULL
                          AND (c.status NOT IN ('resolved', 'follow_up', 'closed')
                               OR (d.name = 'feedback' AND c.status IN ('resolved', 'follow_up')))""")
                .map(row -> Map.entry(row.get("contact_id", Long.class), view(row)))
                .all()
                .collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    }

    /** Records a warning; false when it had already fired (so it fires once, even across restarts). */
    public Mono<Boolean> markWarned(long contactId, String name, Instant at) {
        return mark("warned_at", contactId, name, at);
    }

    public Mono<Boolean> markBreached(long contactId, String name, Instant at) {
        return mark("breached_at", contactId, name, at);
    }

    /** Records the second-level escalation of a breach whose step is still not done; false when it is not due. */
    public Mono<Boolean> markEscalated(long contactId, String name, Instant at) {
        return db.sql("""
                        UPDATE contact_deadline SET escalated_at = :at WHERE contact_id = :contact AND name = :name
                        AND escalated_at IS NULL AND breached_at IS NOT NULL AND met_at IS NULL""")
                .bind("at", at)
                .bind("contact", contactId)
                .bind("name", name)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows > 0);
    }

    /**
     * Fires only when the moment has come by the stored row: a timer armed for an instant the deadline has since moved
     * away from (holiday data loaded, an extension approved on another node) does nothing.
     */
    private Mono<Boolean> mark(String column, long contactId, String name, Instant at) {
        String moment = "warned_at".equals(column) ? "warn_at" : "due_at";
        return db.sql("UPDATE contact_deadline SET " + column + " = :at WHERE contact_id = :contact AND name = :name AND "
                        + column + " IS NULL AND met_at IS NULL AND " + moment + " <= :at")
                .bind("at", at)
                .bind("contact", contactId)
                .bind("name", name)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows > 0);
    }

    /**
     * A deadline holiday data may move: not met, not breached, of a contact still being worked on, counted on a
     * calendar (never the feedback one, which runs in elapsed hours), with what its counting may have started from.
     */
    record Recountable(long contactId, String name, Instant dueAt, Instant warnAt, boolean withoutHolidayData,
                       Classification classification, Channel channel, Instant openedAt, Instant lastReopenedAt,
                       boolean extended) {
    }

    /**
     * The recountable deadlines of the workspace's contacts due at or after {@code from}: those a year starting then
     * (in that workspace's zone) can have counted.
     */
    Flux<Recountable> recountable(long workspaceId, Instant from) {
        return db.sql("""
                        SELECT d.contact_id, d.name, d.due_at, d.warn_at, d.without_holiday_data, c.type, c.severity,
                               c.repair_class, c.channel, c.opened_at,
                               (SELECT max(e.at) FROM contact_event e WHERE e.contact_id = c.id AND e.kind = 'reopened')
                                   AS last_reopened_at,
                               EXISTS (SELECT 1 FROM deadline_extension x WHERE x.contact_id = c.id AND x.deadline = d.name)
                                   AS extended
                        FROM contact_deadline d JOIN contact c ON c.id = d.contact_id
                        WHERE d.met_at IS NULL AND d.breached_at IS NULL AND d.due_at >= :from AND d.name <> 'feedback'
                          AND c.status NOT IN ('resolved', 'follow_up', 'closed') AND c.workspace_id = :workspace
                        ORDER BY d.contact_id, d.due_at, d.name COLLATE "C\"""")
                .bind("from", from)
                .bind("workspace", workspaceId)
                .map(row -> new Recountable(row.get("contact_id", Long.class), row.get("name", String.class),
                        row.get("due_at", Instant.class), row.get("warn_at", Instant.class),
                        Boolean.TRUE.equals(row.get("without_holiday_data", Boolean.class)),
                        new Classification(ContactType.fromWireName(row.get("type", String.class)).orElseThrow(),
                                Severity.fromWireName(row.get("severity", String.class)).orElseThrow(),
                                RepairClass.fromWireName(row.get("repair_class", String.class)).orElse(null)),
                        Channel.fromWireName(row.get("channel", String.class)).orElseThrow(),
                        row.get("opened_at", Instant.class), row.get("last_reopened_at", Instant.class),
                        Boolean.TRUE.equals(row.get("extended", Boolean.class))))
                .all();
    }

    /**
     * Sets a deadline counted anew on other holiday data, if it is still the one that was recounted (due at
     * {@code countedDueAt}, not met, not breached); a warning already sent stays sent. False when it changed meanwhile.
     */
    Mono<Boolean> recount(long contactId, Deadline counted, Instant countedDueAt) {
        return db.sql("""
                        UPDATE contact_deadline SET due_at = :due, warn_at = :warn, without_holiday_data = :guessed
                        WHERE contact_id = :contact AND name = :name AND due_at = :was AND met_at IS NULL
                          AND breached_at IS NULL""")
                .bind("due", counted.dueAt())
                .bind("warn", counted.warnAt())
                .bind("guessed", counted.withoutHolidayData())
                .bind("contact", contactId)
                .bind("name", counted.name())
                .bind("was", countedDueAt)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows > 0);
    }

    private static DeadlineView view(Readable row) {
        return new DeadlineView(row.get("name", String.class), row.get("due_at", Instant.class),
                row.get("warn_at", Instant.class), row.get("warned_at", Instant.class), row.get("breached_at", Instant.class),
                row.get("met_at", Instant.class), row.get("met_by", String.class), row.get("met_note", String.class),
                Boolean.TRUE.equals(row.get("without_holiday_data", Boolean.class)));
    }
}
