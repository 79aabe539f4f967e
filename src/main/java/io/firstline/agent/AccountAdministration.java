package io.firstline.agent;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import io.firstline.kernel.Channel;
import io.firstline.platform.StandardQueues;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.web.Problems;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Staffing without SQL: a platform admin creates a workspace (its standard queues and first administrator), a
 * workspace's admin creates its users. Each creation is one transaction with its {@code admin_change} row, and the new
 * account's random password is hashed on the bounded bcrypt pool and returned once, never stored in clear.
 */
@Service
class AccountAdministration {

    record Workspace(long id, String code, String name, String timeZone, Instant createdAt) {
    }

    /** @param password the one-time password; this response is the only place it ever appears */
    record Credentials(String username, String password) {
    }

    record CreatedWorkspace(Workspace workspace, List<String> queues, Credentials administrator) {
    }

    record CreatedAgent(AgentView agent, Credentials credentials) {
    }

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final PasswordEncoder passwords;
    private final Scheduler passwordChecks;
    private final Agents agents;
    private final Clock clock;

    AccountAdministration(DatabaseClient db, TransactionalOperator transaction, PasswordEncoder passwords,
                          @Qualifier("passwordChecks") Scheduler passwordChecks, Agents agents, Clock clock) {
        this.db = db;
        this.transaction = transaction;
        this.passwords = passwords;
        this.passwordChecks = passwordChecks;
        this.agents = agents;
        this.clock = clock;
    }

    Flux<Workspace> workspaces() {
        return db.sql("SELECT id, code, name, time_zone, created_at FROM workspace ORDER BY id")
                .map(row -> new Workspace(row.get("id", Long.class), row.get("code", String.class),
                        row.get("name", String.class), row.get("time_zone", String.class), row.get("created_at", Instant.class)))
                .all();
    }

    /** The workspace, one queue per channel and its administrator, all or nothing; 409 when the code is taken. */
    Mono<CreatedWorkspace> createWorkspace(AgentPrincipal by, AccountRequests.WorkspaceRequest request) {
        Instant now = clock.instant();
        String name = request.name().strip();
        Mono<CreatedWorkspace> work = db.sql("""
                        INSERT INTO workspace (code, name, time_zone, created_at) VALUES (:code, :name, :zone, :at)
                        ON CONFLICT (code) DO NOTHING RETURNING id""")
                .bind("code", request.code()).bind("name", name).bind("zone", request.timeZone()).bind("at", now)
                .map(row -> row.get("id", Long.class))
                .one()
                .switchIfEmpty(Mono.error(() -> Problems.conflict("workspace '" + request.code() + "' exists already")))
                .flatMap(workspaceId -> Flux.fromArray(Channel.values())
                        .concatMap(channel -> queue(workspaceId, channel))
                        .collectList()
                        .flatMap(queues -> newPassword().flatMap(password -> insertAgent(workspaceId,
                                        request.administrator(), "Administrator", password.hash(), "admin")
                                .flatMap(adminId -> recorded(by, "workspace:" + request.code(), "created workspace '"
                                        + request.code() + "' (" + name + ", " + request.timeZone() + ") with queues " + queues
                                        + " and administrator '" + request.administrator() + "'", now))
                                .thenReturn(new CreatedWorkspace(new Workspace(workspaceId, request.code(), name,
                                        request.timeZone(), now), queues, new Credentials(request.administrator(), password.clear()))))));
        return transaction.transactional(work);
    }

    /** A user of the admin's own workspace; 409 when the username is taken there. */
    Mono<CreatedAgent> createAgent(AgentPrincipal admin, AccountRequests.AgentRequest request) {
        Instant now = clock.instant();
        Mono<CreatedAgent> work = newPassword().flatMap(password -> insertAgent(admin.workspaceId(), request.username(),
                        request.displayName().strip(), password.hash(), request.role())
                .flatMap(agentId -> Flux.fromIterable(request.skillSet())
                        .concatMap(skill -> db.sql("INSERT INTO agent_skill (agent_id, skill) VALUES (:agent, :skill)")
                                .bind("agent", agentId).bind("skill", skill).then())
                        .then(recorded(admin, "agent:" + request.username(), "created " + request.role() + " '"
                                + request.username() + "' (" + request.displayName().strip() + ") with skills " + request.skillSet(), now))
                        .then(agents.byId(agentId)))
                .map(account -> new CreatedAgent(account.view(), new Credentials(account.username(), password.clear()))));
        return transaction.transactional(work);
    }

    private Mono<String> queue(long workspaceId, Channel channel) {
        String code = channel.wireName();
        return db.sql("INSERT INTO queue (workspace_id, code, name, channel, skill) VALUES (:workspace, :code, :name, :code, :code)")
                .bind("workspace", workspaceId).bind("code", code).bind("name", StandardQueues.name(channel))
                .then()
                .thenReturn(code);
    }

    private record NewPassword(String clear, String hash) {
        @Override
        public String toString() {
            return "NewPassword[not shown]";
        }
    }

    /**
     * A random password and its bcrypt hash, made on the login's bounded pool, never the event loop: bcrypt is
     * deliberately slow, and the first SecureRandom draw may read the system's entropy source.
     */
    private Mono<NewPassword> newPassword() {
        return Mono.fromCallable(() -> {
            String clear = InitialPasswords.next();
            return new NewPassword(clear, passwords.encode(clear));
        }).subscribeOn(passwordChecks);
    }

    private Mono<Long> insertAgent(long workspaceId, String username, String displayName, String hash, String role) {
        return db.sql("""
                        INSERT INTO agent (workspace_id, username, display_name, password_hash, role)
                        VALUES (:workspace, :username, :name, :hash, :role)
                        ON CONFLICT (workspace_id, username) DO NOTHING RETURNING id""")
                .bind("workspace", workspaceId).bind("username", username).bind("name", displayName)
                .bind("hash", hash).bind("role", role)
                .map(row -> row.get("id", Long.class))
                .one()
                .switchIfEmpty(Mono.error(() -> Problems.conflict("user '" + username + "' exists already in this workspace")));
    }

    /** The record of administration, in the workspace of whoever made the change. */
    private Mono<Void> recorded(AgentPrincipal by, String subject, String detail, Instant at) {
        return db.sql("INSERT INTO admin_change (workspace_id, agent_id, subject, detail, at) VALUES (:workspace, :agent, :subject, :detail, :at)")
                .bind("workspace", by.workspaceId()).bind("agent", by.agentId()).bind("subject", subject)
                .bind("detail", detail).bind("at", at)
                .then();
    }
}
