package io.firstline.agent;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Agents in PostgreSQL; each belongs to one workspace, and a username is unique within it. */
@Repository
public class Agents implements io.firstline.platform.security.TokenHolders {

    private static final String SELECT = """
            SELECT a.id, a.workspace_id, a.username, a.display_name, a.password_hash, a.role, a.state, a.state_since,
                   coalesce(array_agg(s.skill ORDER BY s.skill) FILTER (WHERE s.skill IS NOT NULL), '{}') AS skills
            FROM agent a LEFT JOIN agent_skill s ON s.agent_id = a.id
            """;

    private final DatabaseClient db;

    public Agents(DatabaseClient db) {
        this.db = db;
    }

    public Mono<AgentAccount> byUsername(long workspaceId, String username) {
        return db.sql(SELECT + " WHERE a.workspace_id = :workspace AND a.username = :username GROUP BY a.id")
                .bind("workspace", workspaceId)
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

    @Override
    public Mono<Long> workspaceOf(long agentId) {
        return db.sql("SELECT workspace_id FROM agent WHERE id = :id")
                .bind("id", agentId)
                .map(row -> row.get("workspace_id", Long.class))
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

    public Flux<Long> idsWithRoles(long workspaceId, java.util.List<String> roles) {
        return db.sql("SELECT id FROM agent WHERE workspace_id = :workspace AND role = ANY(:roles) ORDER BY id")
                .bind("workspace", workspaceId)
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

    Mono<Void> savePasswordHash(long id, String hash) {
        return db.sql("UPDATE agent SET password_hash = :hash WHERE id = :id").bind("hash", hash).bind("id", id).then();
    }

    public Mono<Void> saveState(long id, AgentState state, Instant since) {
        // A late write (the router's asynchronous "away") never overwrites a newer change.
        return db.sql("UPDATE agent SET state = :state, state_since = :since WHERE id = :id AND state_since <= :since")
                .bind("state", state.wireName())
                .bind("since", since)
                .bind("id", id)
                .then();
    }

    /** A state to store, as {@link #saveState} takes it. */
    public record SavedState(long id, AgentState state, Instant since) {
    }

    /**
     * {@link #saveState} for many agents in one statement (the routing history writer's drain). No agent twice:
     * one statement updates a row once, so the caller splits such runs.
     */
    public Mono<Void> saveStates(List<SavedState> states) {
        if (states.size() == 1) {
            SavedState only = states.get(0);
            return saveState(only.id(), only.state(), only.since());
        }
        return states.isEmpty() ? Mono.empty() : db.sql("""
                        UPDATE agent a SET state = line.state, state_since = line.since
                        FROM unnest(CAST(:ids AS bigint[]), CAST(:states AS text[]), CAST(:since AS timestamptz[])) AS line(id, state, since)
                        WHERE a.id = line.id AND a.state_since <= line.since""")
                .bind("ids", states.stream().map(SavedState::id).toArray(Long[]::new))
                .bind("states", states.stream().map(saved -> saved.state().wireName()).toArray(String[]::new))
                .bind("since", states.stream().map(saved -> saved.since().toString()).toArray(String[]::new))
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
                row.get("workspace_id", Long.class),
                row.get("username", String.class),
                row.get("display_name", String.class),
                row.get("password_hash", String.class),
                row.get("role", String.class),
                AgentState.fromWireName(row.get("state", String.class)).orElse(AgentState.OFFLINE),
                row.get("state_since", Instant.class),
                skillSet);
    }
}
