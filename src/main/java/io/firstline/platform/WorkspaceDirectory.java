package io.firstline.platform;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The id and the time zone of the workspace this node serves, read once. */
@Repository
public class WorkspaceDirectory {

    private final Mono<Long> id;
    private final Mono<java.time.ZoneId> zone;

    WorkspaceDirectory(DatabaseClient db, WorkspaceProperties workspace) {
        this.id = db.sql("SELECT id FROM workspace WHERE code = :code")
                .bind("code", workspace.code())
                .map(row -> row.get("id", Long.class))
                .one()
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("workspace " + workspace.code() + " is missing")))
                .cache(value -> java.time.Duration.ofDays(3650), error -> java.time.Duration.ZERO, () -> java.time.Duration.ZERO);
        this.zone = db.sql("SELECT time_zone FROM workspace WHERE code = :code")
                .bind("code", workspace.code())
                .map(row -> java.time.ZoneId.of(row.get("time_zone", String.class)))
                .one()
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("workspace " + workspace.code() + " is missing")))
                .cache(value -> java.time.Duration.ofDays(3650), error -> java.time.Duration.ZERO, () -> java.time.Duration.ZERO);
    }

    /**
     * The workspace's time zone ({@code workspace.time_zone}): its days, weeks and months, for deadlines, reports and
     * today's live figures alike, whatever zone a node's settings name.
     */
    public Mono<java.time.ZoneId> zone() {
        return zone;
    }

    public Mono<Long> id() {
        return id;
    }
}
