package io.firstline.routing;

import java.time.Instant;
import io.firstline.kernel.Channel;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A workspace's queues as admins see and change them; each change is written to {@code admin_change} with it. */
@Repository
class QueueAdministration {

    /**
     * {@code intake}: the queue new contacts of its channel join (the channel's oldest queue); {@code capacity}: the
     * override, null for the channel's capacity.
     */
    record QueueView(String code, String name, String channel, String skill, int priority, Integer capacity, boolean intake) {
    }

    /** {@code capacity}: null for the channel's capacity. */
    record QueueChange(String name, Channel channel, String skill, int priority, Integer capacity) {
    }

    private static final String SELECT = """
            SELECT q.code, q.name, q.channel, q.skill, q.priority, q.capacity,
                   q.id = (SELECT min(o.id) FROM queue o WHERE o.workspace_id = q.workspace_id AND o.channel = q.channel) AS intake
            FROM queue q WHERE q.workspace_id = :workspace""";

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final RoutingQueues queues;

    QueueAdministration(DatabaseClient db, TransactionalOperator transaction, RoutingQueues queues) {
        this.db = db;
        this.transaction = transaction;
        this.queues = queues;
    }

    Flux<QueueView> all(long workspaceId) {
        return db.sql(SELECT + " ORDER BY q.channel, q.id").bind("workspace", workspaceId).map(QueueAdministration::view).all();
    }

    Mono<QueueView> byCode(long workspaceId, String code) {
        return db.sql(SELECT + " AND q.code = :code").bind("workspace", workspaceId).bind("code", code)
                .map(QueueAdministration::view).one();
    }

    /** Creates the queue or changes it (by code), and records who did what, in one transaction. */
    Mono<QueueView> save(long workspaceId, String code, QueueChange change, long adminId, String detail, Instant at) {
        return written(workspaceId, code, insert(workspaceId, code, change, at, """
                ON CONFLICT (workspace_id, code) DO UPDATE SET name = EXCLUDED.name, skill = EXCLUDED.skill,
                    priority = EXCLUDED.priority, capacity = EXCLUDED.capacity""")
                .then(record(workspaceId, code, adminId, detail, at)));
    }

    /** Creates the queue and records who did, in one transaction; empty, and nothing recorded, if the code is taken. */
    Mono<QueueView> create(long workspaceId, String code, QueueChange change, long adminId, String detail, Instant at) {
        Mono<Boolean> inserted = insert(workspaceId, code, change, at, "ON CONFLICT (workspace_id, code) DO NOTHING")
                .flatMap(rows -> rows == 0 ? Mono.just(false) : record(workspaceId, code, adminId, detail, at).thenReturn(true));
        return inserted.as(transaction::transactional)
                .filter(Boolean::booleanValue)
                .flatMap(created -> forgetAndRead(workspaceId, code));
    }

    private Mono<Long> insert(long workspaceId, String code, QueueChange change, Instant at, String onConflict) {
        var insert = db.sql("""
                        INSERT INTO queue (workspace_id, code, name, channel, skill, priority, capacity, created_at)
                        VALUES (:workspace, :code, :name, :channel, :skill, :priority, :capacity, :at)
                        """ + onConflict)
                .bind("workspace", workspaceId).bind("code", code).bind("name", change.name())
                .bind("channel", change.channel().wireName()).bind("skill", change.skill())
                .bind("priority", (short) change.priority()).bind("at", at);
        insert = change.capacity() == null ? insert.bindNull("capacity", Short.class)
                : insert.bind("capacity", change.capacity().shortValue());
        return insert.fetch().rowsUpdated();
    }

    private Mono<Void> record(long workspaceId, String code, long adminId, String detail, Instant at) {
        return db.sql("""
                        INSERT INTO admin_change (workspace_id, agent_id, subject, detail, at)
                        VALUES (:workspace, :agent, :subject, :detail, :at)""")
                .bind("workspace", workspaceId).bind("agent", adminId).bind("subject", "queue:" + code)
                .bind("detail", detail).bind("at", at).then();
    }

    private Mono<QueueView> written(long workspaceId, String code, Mono<Void> write) {
        return write.as(transaction::transactional).then(forgetAndRead(workspaceId, code));
    }

    /** Intake reads the queues again at its next batch instead of waiting out its cache. */
    private Mono<QueueView> forgetAndRead(long workspaceId, String code) {
        return Mono.fromRunnable(() -> queues.forget(workspaceId)).then(byCode(workspaceId, code));
    }

    private static QueueView view(io.r2dbc.spi.Readable row) {
        return new QueueView(row.get("code", String.class), row.get("name", String.class), row.get("channel", String.class),
                row.get("skill", String.class), row.get("priority", Short.class), RoutingQueues.capacity(row),
                Boolean.TRUE.equals(row.get("intake", Boolean.class)));
    }
}
