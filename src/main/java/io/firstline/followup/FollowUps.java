package io.firstline.followup;

import java.time.Instant;
import java.util.List;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Follow-up tasks in PostgreSQL. */
@Repository
class FollowUps {

    private static final String COLUMNS =
            "id, contact_id, assignee_id, due_at, created_at, status, outcome, satisfaction, satisfied, comment, done_at";

    private final DatabaseClient db;

    public FollowUps(DatabaseClient db) {
        this.db = db;
    }

    public Mono<FollowUpView> create(long contactId, long assigneeId, Instant dueAt, Instant now) {
        return db.sql("INSERT INTO follow_up (contact_id, assignee_id, due_at, created_at) VALUES (:contact, :assignee, :due, :now) RETURNING "
                        + COLUMNS)
                .bind("contact", contactId)
                .bind("assignee", assigneeId)
                .bind("due", dueAt)
                .bind("now", now)
                .map(FollowUps::view)
                .one();
    }

    /** The contact's open follow-up, locked for the rest of the transaction. */
    public Mono<FollowUpView> lockDue(long contactId) {
        return db.sql("SELECT " + COLUMNS + " FROM follow_up WHERE contact_id = :contact AND status = 'due' ORDER BY id DESC LIMIT 1 FOR UPDATE")
                .bind("contact", contactId)
                .map(FollowUps::view)
                .one();
    }

    /** The contact was reopened before its follow-up was done: that follow-up will not be made. */
    public Mono<Void> cancelDue(long contactId, Instant at) {
        return db.sql("UPDATE follow_up SET status = 'cancelled', done_at = :at WHERE contact_id = :contact AND status = 'due'")
                .bind("contact", contactId)
                .bind("at", at)
                .then();
    }

    public Mono<Void> complete(long id, FollowUpResult result, long doneBy, Instant at) {
        var spec = db.sql("""
                        UPDATE follow_up SET status = 'done', outcome = :outcome, satisfaction = :satisfaction,
                               satisfied = :satisfied, comment = :comment, done_by = :by, done_at = :at WHERE id = :id""")
                .bind("outcome", result.outcome())
                .bind("by", doneBy)
                .bind("at", at)
                .bind("id", id);
        spec = result.satisfaction() == null ? spec.bindNull("satisfaction", Integer.class) : spec.bind("satisfaction", result.satisfaction());
        spec = result.satisfied() == null ? spec.bindNull("satisfied", Boolean.class) : spec.bind("satisfied", result.satisfied());
        spec = result.comment() == null ? spec.bindNull("comment", String.class) : spec.bind("comment", result.comment());
        return spec.then();
    }

    /** The follow-ups of one workspace's contacts. */
    private static final String IN_WORKSPACE = " AND contact_id IN (SELECT id FROM contact WHERE workspace_id = :workspace)";

    /** Due follow-ups of the workspace, soonest first: one agent's, or everyone's when {@code assigneeId} is null. */
    public Flux<FollowUpView> due(long workspaceId, Long assigneeId) {
        String where = assigneeId == null ? "" : " AND assignee_id = :assignee";
        var spec = db.sql("SELECT " + COLUMNS + " FROM follow_up WHERE status = 'due'" + IN_WORKSPACE + where + " ORDER BY due_at LIMIT 500")
                .bind("workspace", workspaceId);
        if (assigneeId != null) {
            spec = spec.bind("assignee", assigneeId);
        }
        return spec.map(FollowUps::view).all();
    }

    /** A random sample of the follow-ups done in [from, to): {@code share} of them, at least one if any. */
    public Mono<List<FollowUpView>> sampleDone(long workspaceId, Instant from, Instant to, double share) {
        return db.sql("""
                        WITH done AS (SELECT * FROM follow_up WHERE status = 'done' AND done_at >= :from AND done_at < :to
                                      AND contact_id IN (SELECT id FROM contact WHERE workspace_id = :workspace))
                        SELECT * FROM done ORDER BY random()
                        LIMIT (SELECT ceil(count(*) * :share) FROM done)""")
                .bind("from", from)
                .bind("to", to)
                .bind("share", share)
                .bind("workspace", workspaceId)
                .map(FollowUps::view)
                .all()
                .collectList();
    }

    public Mono<Long> countDone(long workspaceId, Instant from, Instant to) {
        return db.sql("SELECT count(*) AS n FROM follow_up WHERE status = 'done' AND done_at >= :from AND done_at < :to" + IN_WORKSPACE)
                .bind("workspace", workspaceId)
                .bind("from", from)
                .bind("to", to)
                .map(row -> row.get("n", Long.class))
                .one();
    }

    private static FollowUpView view(Readable row) {
        return new FollowUpView(row.get("id", Long.class), row.get("contact_id", Long.class),
                row.get("assignee_id", Long.class), row.get("due_at", Instant.class), row.get("created_at", Instant.class),
                row.get("status", String.class), row.get("outcome", String.class), row.get("satisfaction", Integer.class),
                row.get("satisfied", Boolean.class), row.get("comment", String.class), row.get("done_at", Instant.class));
    }
}
