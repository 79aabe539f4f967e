package io.firstline.platform;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The id of the workspace this node serves, read once. */
@Repository
public class WorkspaceDirectory {

    private final Mono<Long> id;

    WorkspaceDirectory(DatabaseClient db, WorkspaceProperties workspace) {
        this.id = db.sql("SELECT id FROM workspace WHERE code = :code")
                .bind("code", workspace.code())
                .map(row -> row.get("id", Long.class))
                .one()
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("workspace " + workspace.code() + " is missing")))
                .cache(value -> java.time.Duration.ofDays(3650), error -> java.time.Duration.ZERO, () -> java.time.Duration.ZERO);
    }

    public Mono<Long> id() {
        return id;
    }
}
