package io.firstline.supervision;

import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The supervision gauges' figures, read from PostgreSQL in one query. */
@Repository
class SupervisionFigures {

    /** Open contacts at risk / breached, follow-ups due / done since {@code since}, their mean satisfaction (or null). */
    record Figures(long atRisk, long breached, long followUpsDue, long followUpsDone, Double satisfaction) {
    }

    private final DatabaseClient db;

    SupervisionFigures(DatabaseClient db) {
        this.db = db;
    }

    Mono<Figures> since(Instant since) {
        return db.sql("""
                        SELECT
                          (SELECT count(DISTINCT d.contact_id) FROM contact_deadline d JOIN contact c ON c.id = d.contact_id
                            WHERE c.status NOT IN ('resolved', 'follow_up', 'closed') AND d.warned_at IS NOT NULL AND d.breached_at IS NULL AND d.met_at IS NULL) AS at_risk,
                          (SELECT count(DISTINCT d.contact_id) FROM contact_deadline d JOIN contact c ON c.id = d.contact_id
                            WHERE c.status NOT IN ('resolved', 'follow_up', 'closed') AND d.breached_at IS NOT NULL AND d.met_at IS NULL) AS breached,
                          (SELECT count(*) FROM follow_up WHERE status = 'due') AS due,
                          (SELECT count(*) FROM follow_up WHERE status = 'done' AND done_at >= :today) AS done,
                          (SELECT avg(satisfaction)::float8 FROM follow_up WHERE status = 'done' AND done_at >= :today) AS satisfaction""")
                .bind("today", since)
                .map(row -> new Figures(row.get("at_risk", Long.class), row.get("breached", Long.class),
                        row.get("due", Long.class), row.get("done", Long.class), row.get("satisfaction", Double.class)))
                .one();
    }
}
