package io.firstline.records;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import io.firstline.sla.ContactType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Removes what a contact held once its retention has passed: its messages, history, documents, deadlines and
 * follow-ups; the contact row stays as a tombstone ({@code purged_at}). Only resolved or closed contacts, counted
 * from their last change, never one under legal hold — the database's append-only triggers refuse that too.
 */
@Component
class RetentionPurge {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final RecordsProperties properties;
    private final Clock clock;

    RetentionPurge(DatabaseClient db, TransactionalOperator transaction, RecordsProperties properties, Clock clock) {
        this.db = db;
        this.transaction = transaction;
        this.properties = properties;
        this.clock = clock;
    }

    /** One batch; emits the ids purged (none: nothing is due). */
    Mono<List<Long>> purgeOnce() {
        Instant now = clock.instant();
        List<ContactType> types = List.of(ContactType.values());
        Mono<List<Long>> work = db.sql("""
                        WITH cutoffs (type, cutoff) AS (SELECT * FROM unnest(:types::text[], :cutoffs::timestamptz[]))
                        SELECT c.id FROM contact c LEFT JOIN cutoffs k ON k.type = c.type
                        WHERE c.purged_at IS NULL AND NOT c.legal_hold AND c.status IN ('resolved', 'closed')
                          AND c.updated_at < coalesce(k.cutoff, :fallback)
                        ORDER BY c.id LIMIT :batch FOR UPDATE OF c SKIP LOCKED""")
                .bind("types", types.stream().map(ContactType::wireName).toArray(String[]::new))
                .bind("cutoffs", types.stream().map(type -> now.minus(properties.retentionOf(type.wireName())).toString())
                        .toArray(String[]::new))
                .bind("fallback", now.minus(properties.defaultRetention()))
                .bind("batch", properties.purgeBatch())
                .map(row -> row.get("id", Long.class))
                .all()
                .collectList()
                .flatMap(ids -> ids.isEmpty() ? Mono.just(ids) : remove(ids, now).thenReturn(ids));
        return transaction.transactional(work)
                .doOnNext(ids -> {
                    if (!ids.isEmpty()) {
                        log.info("Retention purge removed the records of {} contacts", ids.size());
                    }
                });
    }

    private Mono<Void> remove(List<Long> ids, Instant now) {
        Long[] contacts = ids.toArray(Long[]::new);
        Mono<Void> purging = db.sql("SELECT set_config('firstline.purge', 'on', true)").fetch().rowsUpdated().then();
        Mono<Void> deletes = Mono.empty();
        for (String table : List.of("message", "contact_event", "contact_attachment", "contact_deadline",
                "deadline_extension", "follow_up")) {
            deletes = deletes.then(db.sql("DELETE FROM " + table + " WHERE contact_id = ANY(:ids)").bind("ids", contacts).then());
        }
        return purging.then(deletes)
                .then(db.sql("UPDATE contact SET purged_at = :at, customer_handle = NULL WHERE id = ANY(:ids)")
                        .bind("at", now).bind("ids", contacts).then())
                .then(db.sql("SELECT set_config('firstline.purge', 'off', true)").fetch().rowsUpdated().then());
    }
}
