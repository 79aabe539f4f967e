package io.firstline.routing;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;

/** The workspaces routing serves: every one in the database (a node routes all of them, or in Kafka mode its share). */
@Repository
public class RoutingWorkspaces {

    /** A workspace as routing knows it: its id (in every row) and its code (the key of its routing commands). */
    public record Workspace(long id, String code) {
    }

    private final DatabaseClient db;

    RoutingWorkspaces(DatabaseClient db) {
        this.db = db;
    }

    public Flux<Workspace> all() {
        return db.sql("SELECT id, code FROM workspace ORDER BY id")
                .map(row -> new Workspace(row.get("id", Long.class), row.get("code", String.class)))
                .all();
    }
}
