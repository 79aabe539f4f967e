package io.firstline.report.analysis;

import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The complaint-cause taxonomy in PostgreSQL, versioned: a rename retires the current row and adds the next version,
 * so contacts keep the label they were given and old reports keep theirs.
 */
@Repository
class Causes {

    record Cause(long id, String code, int version, String label, Instant since) {
    }

    private final DatabaseClient db;
    private final TransactionalOperator transaction;

    Causes(DatabaseClient db, TransactionalOperator transaction) {
        this.db = db;
        this.transaction = transaction;
    }

    Flux<Cause> current() {
        return db.sql("SELECT id, code, version, label, created_at FROM complaint_cause WHERE retired_at IS NULL ORDER BY code")
                .map(row -> new Cause(row.get("id", Long.class), row.get("code", String.class),
                        row.get("version", Integer.class), row.get("label", String.class), row.get("created_at", Instant.class)))
                .all();
    }

    Mono<Cause> current(String code) {
        return db.sql("SELECT id, code, version, label, created_at FROM complaint_cause WHERE code = :code AND retired_at IS NULL")
                .bind("code", code)
                .map(row -> new Cause(row.get("id", Long.class), row.get("code", String.class),
                        row.get("version", Integer.class), row.get("label", String.class), row.get("created_at", Instant.class)))
                .one();
    }

    /** Whether the code was ever used (a retired code is not given out again with another meaning). */
    Mono<Boolean> known(String code) {
        return db.sql("SELECT count(*) FROM complaint_cause WHERE code = :code").bind("code", code)
                .map(row -> row.get(0, Long.class) > 0).one();
    }

    /** The next version of the code with this label (version 1 for a new code); the current one is retired. */
    Mono<Cause> write(String code, String label, String by, Instant at) {
        Mono<Cause> work = retire(code, at).then(db.sql("""
                        INSERT INTO complaint_cause (code, version, label, created_by, created_at)
                        SELECT :code, COALESCE((SELECT max(version) FROM complaint_cause WHERE code = :code), 0) + 1,
                               :label, :by, :at
                        RETURNING id, version""")
                .bind("code", code).bind("label", label).bind("by", by).bind("at", at)
                .map(row -> new Cause(row.get("id", Long.class), code, row.get("version", Integer.class), label, at))
                .one());
        return transaction.transactional(work);
    }

    /** No longer offered; contacts and reports that used it keep it. Emits whether there was one to retire. */
    Mono<Boolean> retire(String code, Instant at) {
        return db.sql("UPDATE complaint_cause SET retired_at = :at WHERE code = :code AND retired_at IS NULL")
                .bind("code", code).bind("at", at)
                .fetch().rowsUpdated().map(count -> count > 0);
    }
}
