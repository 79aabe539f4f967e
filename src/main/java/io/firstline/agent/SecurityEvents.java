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

    Mono<Void> record(String kind, String username, String address, String detail, Instant at) {
        var spec = db.sql("INSERT INTO security_event (kind, username, address, detail, at) VALUES (:kind, :username, :address, :detail, :at)")
                .bind("kind", kind)
                .bind("detail", detail)
                .bind("at", at);
        spec = username == null ? spec.bindNull("username", String.class) : spec.bind("username", username);
        spec = address == null ? spec.bindNull("address", String.class) : spec.bind("address", address);
        return spec.then();
    }
}
