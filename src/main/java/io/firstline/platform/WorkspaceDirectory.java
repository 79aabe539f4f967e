package io.firstline.platform;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The workspaces of this deployment. A node serves all of them; the <em>default</em> workspace
 * ({@code firstline.workspace.code}) is the one a login without a workspace code goes to, the one start-up prepares and
 * the one whose admins administer the platform. Requests act in the caller's workspace ({@code AgentPrincipal.workspaceId()}).
 */
@Repository
public class WorkspaceDirectory {

    private final DatabaseClient db;
    private final Mono<Long> id;
    private final Mono<ZoneId> zone;
    /** A workspace's zone never changes once created; one entry per workspace of the deployment (a handful). */
    private final Map<Long, ZoneId> zones = new ConcurrentHashMap<>();

    WorkspaceDirectory(DatabaseClient db, WorkspaceProperties workspace) {
        this.db = db;
        this.id = idOf(workspace.code())
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("workspace " + workspace.code() + " is missing")))
                .cache(value -> Duration.ofDays(3650), error -> Duration.ZERO, () -> Duration.ZERO);
        this.zone = id.flatMap(this::zoneOf)
                .cache(value -> Duration.ofDays(3650), error -> Duration.ZERO, () -> Duration.ZERO);
    }

    /**
     * The default workspace's time zone ({@code workspace.time_zone}): its days, weeks and months, for deadlines, reports
     * and today's live figures alike, whatever zone a node's settings name.
     */
    public Mono<ZoneId> zone() {
        return zone;
    }

    /** The default workspace: for start-up, logins without a workspace code and the platform administration. */
    public Mono<Long> id() {
        return id;
    }

    /**
     * Whether the agent administers the platform (creates and lists workspaces, changes what all workspaces share:
     * SLA policies, the holiday calendar, complaint causes): an admin of the default workspace.
     */
    /**
     * The current user, if a platform admin; else a 403 saying "only a platform admin (an admin of the default
     * workspace) may {@code what}". For what every workspace shares, or what moves between workspaces.
     */
    public Mono<io.firstline.platform.security.AgentPrincipal> platformAdmin(String what) {
        return io.firstline.platform.security.CurrentAgent.get().filterWhen(this::administersPlatform)
                .switchIfEmpty(Mono.error(() -> io.firstline.platform.web.Problems.forbidden(
                        "only a platform admin (an admin of the default workspace) may " + what)));
    }

    public Mono<Boolean> administersPlatform(io.firstline.platform.security.AgentPrincipal agent) {
        return "admin".equals(agent.role()) ? id.map(defaultId -> defaultId == agent.workspaceId()) : Mono.just(false);
    }

    /** The workspace with this code, if there is one. */
    public Mono<Long> idOf(String code) {
        return db.sql("SELECT id FROM workspace WHERE code = :code")
                .bind("code", code)
                .map(row -> row.get("id", Long.class))
                .one();
    }

    /** A workspace's time zone (its days for deadlines, calendars and reports). */
    public Mono<ZoneId> zoneOf(long workspaceId) {
        ZoneId known = zones.get(workspaceId);
        if (known != null) {
            return Mono.just(known);
        }
        return db.sql("SELECT time_zone FROM workspace WHERE id = :id")
                .bind("id", workspaceId)
                .map(row -> ZoneId.of(row.get("time_zone", String.class)))
                .one()
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("workspace " + workspaceId + " is missing")))
                .doOnNext(found -> zones.put(workspaceId, found));
    }

    /** Every workspace's id, for background work that runs per workspace (report roll-ups). */
    public Flux<Long> all() {
        return db.sql("SELECT id FROM workspace ORDER BY id").map(row -> row.get("id", Long.class)).all();
    }
}
