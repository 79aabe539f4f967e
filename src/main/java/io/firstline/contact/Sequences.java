package io.firstline.contact;

import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** Ids drawn ahead from a table's sequence, so rows of one multi-row insert can refer to each other. */
public final class Sequences {

    private Sequences() {
    }

    /** {@code count} values of the sequence, ascending; empty for zero. */
    public static Mono<List<Long>> reserve(DatabaseClient db, String sequence, int count) {
        if (count == 0) {
            return Mono.just(List.of());
        }
        return db.sql("SELECT nextval('" + sequence + "') AS id FROM generate_series(1, :count) ORDER BY 1")
                .bind("count", count)
                .map(row -> row.get("id", Long.class))
                .all()
                .collectList();
    }
}
