package io.firstline.agent;

import java.util.List;
import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.Problems;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reporting lines: who is each agent's supervisor (the first to hear of their breaches). An admin sets or clears one
 * with {@code PUT /api/v1/agents/{username}/supervisor} {@code {"supervisor": "<username>" | null}}; the supervisor
 * must be a supervisor or manager, never the agent themselves, and the line must not loop.
 */
@RestController
class ReportingLines {

    record SupervisorRequest(String supervisor) {
    }

    record ReportingLine(String username, String displayName, String role, String supervisor) {
    }

    private final DatabaseClient db;

    ReportingLines(DatabaseClient db) {
        this.db = db;
    }

    @GetMapping("/api/v1/agents/reporting-lines")
    Flux<ReportingLine> lines() {
        return CurrentAgent.get().flatMapMany(agent -> agent.overseesWorkspace() || "admin".equals(agent.role())
                ? db.sql("""
                                SELECT a.username, a.display_name, a.role, s.username AS supervisor
                                FROM agent a LEFT JOIN agent s ON s.id = a.supervisor_id
                                WHERE a.workspace_id = (SELECT me.workspace_id FROM agent me WHERE me.id = :me)
                                ORDER BY a.username""")
                        .bind("me", agent.agentId())
                        .map(row -> new ReportingLine(row.get("username", String.class), row.get("display_name", String.class),
                                row.get("role", String.class), row.get("supervisor", String.class)))
                        .all()
                : Flux.error(Problems.forbidden("only supervisors, managers and admins see the reporting lines")));
    }

    @PutMapping("/api/v1/agents/{username}/supervisor")
    Mono<ReportingLine> set(@PathVariable String username, @RequestBody(required = false) SupervisorRequest request) {
        return CurrentAgent.get().flatMap(admin -> {
            if (!"admin".equals(admin.role())) {
                return Mono.error(Problems.forbidden("only an admin may change reporting lines"));
            }
            if (request == null) {
                return Mono.error(Problems.badRequest("a body {\"supervisor\": \"<username>\" | null} is required"));
            }
            String wanted = request.supervisor() == null || request.supervisor().isBlank() ? null : request.supervisor().strip();
            return id(admin.agentId(), username)
                    .switchIfEmpty(Mono.error(() -> Problems.notFound("no agent '" + username + "'")))
                    .flatMap(agentId -> wanted == null ? store(agentId, null)
                            : supervisor(admin.agentId(), wanted, username).flatMap(supervisorId -> loops(agentId, supervisorId)
                                    .flatMap(loop -> loop
                                            ? Mono.error(Problems.badRequest("'" + wanted + "' reports to '" + username
                                                    + "' already (directly or not): the line would loop"))
                                            : store(agentId, supervisorId))))
                    .then(line(username));
        });
    }

    /** Workspaces keep their own reporting lines: an admin sees and links only the agents of their own. */
    private static final String SAME_WORKSPACE = " AND workspace_id = (SELECT me.workspace_id FROM agent me WHERE me.id = :me)";

    private Mono<Long> id(long adminId, String username) {
        return db.sql("SELECT id FROM agent WHERE username = :username" + SAME_WORKSPACE).bind("username", username)
                .bind("me", adminId)
                .map(row -> row.get("id", Long.class)).one();
    }

    private Mono<Long> supervisor(long adminId, String wanted, String of) {
        if (wanted.equals(of)) {
            return Mono.error(Problems.badRequest("an agent cannot be their own supervisor"));
        }
        return db.sql("SELECT id, role FROM agent WHERE username = :username" + SAME_WORKSPACE).bind("username", wanted)
                .bind("me", adminId)
                .map(row -> new Object[] {row.get("id", Long.class), row.get("role", String.class)})
                .one()
                .switchIfEmpty(Mono.error(() -> Problems.badRequest("supervisor '" + wanted + "' does not exist")))
                .flatMap(found -> List.of("supervisor", "manager").contains((String) found[1])
                        ? Mono.just((Long) found[0])
                        : Mono.error(Problems.badRequest("'" + wanted + "' is a " + found[1]
                                + "; a supervisor must be a supervisor or a manager")));
    }

    /** Whether {@code supervisorId} already reports (up the chain) to {@code agentId}. */
    private Mono<Boolean> loops(long agentId, long supervisorId) {
        return db.sql("""
                        WITH RECURSIVE up (id, depth) AS (
                            SELECT supervisor_id, 1 FROM agent WHERE id = :start
                            UNION ALL
                            SELECT a.supervisor_id, up.depth + 1 FROM agent a JOIN up ON a.id = up.id
                            WHERE up.id IS NOT NULL AND up.depth < 100)
                        SELECT count(*) FROM up WHERE id = :agent""")
                .bind("start", supervisorId)
                .bind("agent", agentId)
                .map(row -> row.get(0, Long.class) > 0)
                .one();
    }

    private Mono<Void> store(long agentId, Long supervisorId) {
        var spec = db.sql("UPDATE agent SET supervisor_id = :supervisor WHERE id = :id").bind("id", agentId);
        spec = supervisorId == null ? spec.bindNull("supervisor", Long.class) : spec.bind("supervisor", supervisorId);
        return spec.then();
    }

    private Mono<ReportingLine> line(String username) {
        return db.sql("""
                        SELECT a.username, a.display_name, a.role, s.username AS supervisor
                        FROM agent a LEFT JOIN agent s ON s.id = a.supervisor_id WHERE a.username = :username""")
                .bind("username", username)
                .map(row -> new ReportingLine(row.get("username", String.class), row.get("display_name", String.class),
                        row.get("role", String.class), row.get("supervisor", String.class)))
                .one();
    }
}
