package io.firstline.supervision;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import io.firstline.contact.DeadlineView;
import io.firstline.sla.Deadline;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Contacts' deadlines in PostgreSQL: what the timers are rebuilt from after a restart. */
@Repository
class ContactDeadlines {

    private static final String COLUMNS = "name, due_at, warn_at, warned_at, breached_at";

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
                        INSERT INTO contact_deadline (contact_id, name, due_at, warn_at)
                        SELECT * FROM unnest(:contacts::bigint[], :names::text[], :dues::timestamptz[], :warns::timestamptz[])""")
                .bind("contacts", contacts.toArray(Long[]::new))
                .bind("names", rows.stream().map(Deadline::name).toArray(String[]::new))
                .bind("dues", rows.stream().map(deadline -> deadline.dueAt().toString()).toArray(String[]::new))
                .bind("warns", rows.stream().map(deadline -> deadline.warnAt().toString()).toArray(String[]::new))
                .then();
    }

    /** Deadlines as PostgreSQL stores them: timestamptz keeps whole microseconds. */
    static List<Deadline> asStored(List<Deadline> deadlines) {
        return deadlines.stream()
                .map(deadline -> new Deadline(deadline.name(), deadline.dueAt().truncatedTo(ChronoUnit.MICROS),
                        deadline.warnAt().truncatedTo(ChronoUnit.MICROS)))
                .toList();
    }

    /** Freshly stored deadlines as {@link #of} would read them back: none fired yet, by due instant then name. */
    static List<DeadlineView> pending(List<Deadline> deadlines) {
        return deadlines.stream()
                .map(deadline -> new DeadlineView(deadline.name(), deadline.dueAt(), deadline.warnAt(), null, null))
                .sorted(Comparator.comparing(DeadlineView::dueAt).thenComparing(DeadlineView::name))
                .toList();
    }

    /** Sets one deadline anew (an approved extension); it may warn and breach again. */
    public Mono<Void> upsert(long contactId, Deadline deadline) {
        return db.sql("""
                        INSERT INTO contact_deadline (contact_id, name, due_at, warn_at) VALUES (:contact, :name, :due, :warn)
                        ON CONFLICT (contact_id, name) DO UPDATE SET due_at = :due, warn_at = :warn, warned_at = NULL, breached_at = NULL""")
                .bind("contact", contactId)
                .bind("name", deadline.name())
                .bind("due", deadline.dueAt())
                .bind("warn", deadline.warnAt())
                .then();
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

    /** Pending deadlines of every contact still being worked on, by contact. */
    public Mono<Map<Long, List<DeadlineView>>> pendingOfOpenContacts() {
        return db.sql("""
                        SELECT d.contact_id, d.name, d.due_at, d.warn_at, d.warned_at, d.breached_at
                        FROM contact_deadline d JOIN contact c ON c.id = d.contact_id
                        WHERE c.status NOT IN ('resolved', 'follow_up', 'closed') AND d.breached_at IS NULL""")
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

    private Mono<Boolean> mark(String column, long contactId, String name, Instant at) {
        return db.sql("UPDATE contact_deadline SET " + column + " = :at WHERE contact_id = :contact AND name = :name AND "
                        + column + " IS NULL")
                .bind("at", at)
                .bind("contact", contactId)
                .bind("name", name)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows > 0);
    }

    private static DeadlineView view(Readable row) {
        return new DeadlineView(row.get("name", String.class), row.get("due_at", Instant.class),
                row.get("warn_at", Instant.class), row.get("warned_at", Instant.class), row.get("breached_at", Instant.class));
    }
}
