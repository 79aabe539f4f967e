package io.firstline.report.analysis;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The responsible departments (责任部门) of a workspace, each with a supervisor and the queue transfers to it go to. */
@Repository
class Departments {

    record Department(long id, String code, String name, String supervisor, String queue, boolean active) {
    }

    private static final String SELECT = """
            SELECT d.id, d.code, d.name, a.username AS supervisor, q.code AS queue, d.active
            FROM department d LEFT JOIN agent a ON a.id = d.supervisor_id LEFT JOIN queue q ON q.id = d.queue_id""";

    private final DatabaseClient db;

    Departments(DatabaseClient db) {
        this.db = db;
    }

    Flux<Department> all(long workspaceId) {
        return db.sql(SELECT + " WHERE d.workspace_id = :workspace ORDER BY d.code").bind("workspace", workspaceId)
                .map(row -> department(row)).all();
    }

    Mono<Department> byCode(long workspaceId, String code) {
        return db.sql(SELECT + " WHERE d.workspace_id = :workspace AND d.code = :code")
                .bind("workspace", workspaceId).bind("code", code)
                .map(row -> department(row)).one();
    }

    /** The id of an agent who may supervise a department (a supervisor or manager). */
    Mono<Long> supervisorId(long workspaceId, String username) {
        return db.sql("SELECT id FROM agent WHERE workspace_id = :workspace AND username = :username AND role IN ('supervisor', 'manager')")
                .bind("workspace", workspaceId).bind("username", username).map(row -> row.get("id", Long.class)).one();
    }

    Mono<Long> queueId(long workspaceId, String code) {
        return db.sql("SELECT id FROM queue WHERE workspace_id = :workspace AND code = :code")
                .bind("workspace", workspaceId).bind("code", code).map(row -> row.get("id", Long.class)).one();
    }

    /** Creates the department or changes it (by code). */
    Mono<Void> save(long workspaceId, String code, String name, Long supervisorId, Long queueId, boolean active,
                    java.time.Instant at) {
        var spec = db.sql("""
                        INSERT INTO department (workspace_id, code, name, supervisor_id, queue_id, active, created_at)
                        VALUES (:workspace, :code, :name, :supervisor, :queue, :active, :at)
                        ON CONFLICT (workspace_id, code) DO UPDATE SET name = EXCLUDED.name,
                            supervisor_id = EXCLUDED.supervisor_id, queue_id = EXCLUDED.queue_id, active = EXCLUDED.active""")
                .bind("workspace", workspaceId).bind("code", code).bind("name", name).bind("active", active).bind("at", at);
        spec = supervisorId == null ? spec.bindNull("supervisor", Long.class) : spec.bind("supervisor", supervisorId);
        spec = queueId == null ? spec.bindNull("queue", Long.class) : spec.bind("queue", queueId);
        return spec.then();
    }

    private static Department department(io.r2dbc.spi.Readable row) {
        return new Department(row.get("id", Long.class), row.get("code", String.class), row.get("name", String.class),
                row.get("supervisor", String.class), row.get("queue", String.class), row.get("active", Boolean.class));
    }
}
