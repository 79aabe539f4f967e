package io.firstline.agent;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Agents in PostgreSQL. */
@Repository
public class Agents {

    private static final String SELECT = """
            SELECT a.id, a.username, a.display_name, a.password_hash, a.role, a.state, a.state_since,
                   coalesce(array_agg(s.skill ORDER BY s.skill) FILTER (WHERE s.skill IS NOT NULL), '{}') AS skills
            FROM agent a LEFT JOIN agent_skill s ON s.agent_id = a.id
            """;

    private final DatabaseClient db;

    public Agents(DatabaseClient db) {
        this.db = db;
    }

    public Mono<AgentAccount> byUsername(String username) {
        return db.sql(SELECT + " WHERE a.username = :username GROUP BY a.id")
                .bind("username", username)
                .map(Agents::account)
                .one();
    }

    public Mono<AgentAccount> byId(long id) {
        return db.sql(SELECT + " WHERE a.id = :id GROUP BY a.id")
                .bind("id", id)
                .map(Agents::account)
                .one();
    }

    public Flux<AgentAccount> all() {
        return db.sql(SELECT + " GROUP BY a.id ORDER BY a.id").map(Agents::account).all();
    }

    /** The agents of one workspace (the router of that workspace is rebuilt from them). */
    public Flux<AgentAccount> ofWorkspace(long workspaceId) {
        return db.sql(SELECT + " WHERE a.workspace_id = :workspace GROUP BY a.id ORDER BY a.id")
                .bind("workspace", workspaceId).map(Agents::account).all();
    }

    /** The workspace the agent belongs to; empty for an unknown agent. */
    public Mono<Long> workspaceOf(long agentId) {
        return db.sql("SELECT workspace_id FROM agent WHERE id = :id").bind("id", agentId)
                .map(row -> row.get("workspace_id", Long.class)).one();
    }

    public Flux<Long> idsWithRoles(java.util.List<String> roles) {
        return db.sql("SELECT id FROM agent WHERE role = ANY(:roles) ORDER BY id")
                .bind("roles", roles.toArray(String[]::new))
                .map(row -> row.get("id", Long.class))
                .all();
    }

    /** The agent's own supervisor (reporting line), if an admin set one. */
    public Mono<Long> supervisorOf(long agentId) {
        return db.sql("SELECT supervisor_id FROM agent WHERE id = :id AND supervisor_id IS NOT NULL")
                .bind("id", agentId)
                .map(row -> row.get("supervisor_id", Long.class))
                .one();
    }

    public Mono<Void> saveState(long id, AgentState state, Instant since) {
        // A late write (the router's asynchronous "away") never overwrites a newer change.
        return db.sql("UPDATE agent SET state = :state, state_since = :since WHERE id = :id AND state_since <= :since")
                .bind("state", state.wireName())
                .bind("since", since)
                .bind("id", id)
                .then();
    }

    /** Agents were on nobody's console while the node was down. */
    public Mono<Void> markAllOffline(Instant since) {
        return db.sql("UPDATE agent SET state = 'offline', state_since = :since WHERE state <> 'offline'")
                .bind("since", since)
                .then();
    }

    private static AgentAccount account(Readable row) {
        String[] skills = row.get("skills", String[].class);
        Set<String> skillSet = new TreeSet<>(Arrays.asList(skills == null ? new String[0] : skills));
        return new AgentAccount(
                row.get("id", Long.class),
                row.get("username", String.class),
                row.get("display_name", String.class),
                row.get("password_hash", String.class),
                row.get("role", String.class),
                AgentState.fromWireName(row.get("state", String.class)).orElse(AgentState.OFFLINE),
                row.get("state_since", Instant.class),
                skillSet);
    }
}
