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

    /** {@code intake}: the queue new contacts of its channel join (the channel's oldest queue). */
    record QueueView(String code, String name, String channel, String skill, int priority, boolean intake) {
    }

    record QueueChange(String name, Channel channel, String skill, int priority) {
    }

    private static final String SELECT = """
            SELECT q.code, q.name, q.channel, q.skill, q.priority,
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
        Mono<Void> write = db.sql("""
                        INSERT INTO queue (workspace_id, code, name, channel, skill, priority, created_at)
                        VALUES (:workspace, :code, :name, :channel, :skill, :priority, :at)
                        ON CONFLICT (workspace_id, code) DO UPDATE SET name = EXCLUDED.name, skill = EXCLUDED.skill,
                            priority = EXCLUDED.priority""")
                .bind("workspace", workspaceId).bind("code", code).bind("name", change.name())
                .bind("channel", change.channel().wireName()).bind("skill", change.skill())
                .bind("priority", (short) change.priority()).bind("at", at)
                .then()
                .then(db.sql("""
                                INSERT INTO admin_change (workspace_id, agent_id, subject, detail, at)
                                VALUES (:workspace, :agent, :subject, :detail, :at)""")
                        .bind("workspace", workspaceId).bind("agent", adminId).bind("subject", "queue:" + code)
                        .bind("detail", detail).bind("at", at).then());
        return write.as(transaction::transactional)
                .then(Mono.fromRunnable(() -> queues.forget(workspaceId)))
                .then(byCode(workspaceId, code));
    }

    private static QueueView view(io.r2dbc.spi.Readable row) {
        return new QueueView(row.get("code", String.class), row.get("name", String.class), row.get("channel", String.class),
                row.get("skill", String.class), row.get("priority", Short.class), Boolean.TRUE.equals(row.get("intake", Boolean.class)));
    }
}
