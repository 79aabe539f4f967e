package io.firstline.agent;

import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The security audit trail ({@code security_event}): login lockouts, written once, never changed. */
@Repository
class SecurityEvents {

    static final String LOGIN_LOCKOUT = "login_lockout";

    private final DatabaseClient db;

    SecurityEvents(DatabaseClient db) {
        this.db = db;
    }

    /** @param workspaceId the workspace the username was tried in (a login to an unknown workspace code: none, below 1) */
    Mono<Void> record(String kind, long workspaceId, String username, String address, String detail, Instant at) {
        var spec = db.sql("INSERT INTO security_event (kind, workspace_id, username, address, detail, at)"
                        + " VALUES (:kind, :workspace, :username, :address, :detail, :at)")
                .bind("kind", kind)
                .bind("detail", detail)
                .bind("at", at);
        spec = workspaceId < 1 ? spec.bindNull("workspace", Long.class) : spec.bind("workspace", workspaceId);
        spec = username == null ? spec.bindNull("username", String.class) : spec.bind("username", username);
        spec = address == null ? spec.bindNull("address", String.class) : spec.bind("address", address);
        return spec.then();
    }
}
