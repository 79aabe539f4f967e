package io.firstline.transfer;

import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Where a contact can be transferred to, in PostgreSQL: queues by code, agents by username, and the pickers' list. */
@Repository
class TransferTargets {

    /** A queue or an agent a transfer may go to; {@code skill} only for a queue. */
    record Target(long id, String name, String skill) {
    }

    record QueueTarget(String code, String name, String channel, String skill, long availableAgents) {
    }

    private final DatabaseClient db;

    TransferTargets(DatabaseClient db) {
        this.db = db;
    }

    Mono<Target> queue(String code) {
        return db.sql("SELECT id, name, skill FROM queue WHERE code = :code").bind("code", code)
                .map(row -> new Target(row.get("id", Long.class), row.get("name", String.class), row.get("skill", String.class)))
                .one();
    }

    /** Only agents (not supervisors) take transferred contacts. */
    Mono<Target> agent(String username) {
        return db.sql("SELECT id, display_name FROM agent WHERE username = :username AND role = 'agent'")
                .bind("username", username)
                .map(row -> new Target(row.get("id", Long.class), row.get("display_name", String.class), null))
                .one();
    }

    /** Every queue with how many agents who have its skill are available right now. */
    Mono<List<QueueTarget>> queuesWithAvailableAgents() {
        return db.sql("""
                        SELECT q.code, q.name, q.channel, q.skill,
                               (SELECT count(*) FROM agent a JOIN agent_skill s ON s.agent_id = a.id
                                WHERE s.skill = q.skill AND a.role = 'agent' AND a.state = 'available') AS available
                        FROM queue q ORDER BY q.name""")
                .map(row -> new QueueTarget(row.get("code", String.class), row.get("name", String.class),
                        row.get("channel", String.class), row.get("skill", String.class), row.get("available", Long.class)))
                .all()
                .collectList();
    }
}
