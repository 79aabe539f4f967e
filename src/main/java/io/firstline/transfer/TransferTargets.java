package io.firstline.transfer;

import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Where a contact can be transferred to, in PostgreSQL: queues by code, agents by username, and the pickers' list. */
@Repository
class TransferTargets {

    /**
     * A queue or an agent a transfer may go to; {@code skill} and {@code capacity} (its override, null for the
     * channel's capacity) only for a queue.
     */
    record Target(long id, String name, String skill, Integer capacity) {
    }

    record QueueTarget(String code, String name, String channel, String skill, long availableAgents) {
    }

    private final DatabaseClient db;

    TransferTargets(DatabaseClient db) {
        this.db = db;
    }

    /** Queue codes are unique only within a workspace: another workspace's queue of the same code is not a target. */
    Mono<Target> queue(long workspaceId, String code) {
        return db.sql("SELECT id, name, skill, capacity FROM queue WHERE workspace_id = :workspace AND code = :code")
                .bind("workspace", workspaceId).bind("code", code)
                .map(row -> {
                    Short capacity = row.get("capacity", Short.class);
                    return new Target(row.get("id", Long.class), row.get("name", String.class), row.get("skill", String.class),
                            capacity == null ? null : capacity.intValue());
                })
                .one();
    }

    /** Only agents (not supervisors) take transferred contacts. */
    Mono<Target> agent(String username) {
        return db.sql("SELECT id, display_name FROM agent WHERE username = :username AND role = 'agent'")
                .bind("username", username)
                .map(row -> new Target(row.get("id", Long.class), row.get("display_name", String.class), null, null))
                .one();
    }

    /** Every queue of the workspace with how many agents who have its skill are available right now. */
    Mono<List<QueueTarget>> queuesWithAvailableAgents(long workspaceId) {
        return db.sql("""
                        SELECT q.code, q.name, q.channel, q.skill,
                               (SELECT count(*) FROM agent a JOIN agent_skill s ON s.agent_id = a.id
                                WHERE s.skill = q.skill AND a.role = 'agent' AND a.state = 'available') AS available
                        FROM queue q WHERE q.workspace_id = :workspace ORDER BY q.name""")
                .bind("workspace", workspaceId)
                .map(row -> new QueueTarget(row.get("code", String.class), row.get("name", String.class),
                        row.get("channel", String.class), row.get("skill", String.class), row.get("available", Long.class)))
                .all()
                .collectList();
    }
}
