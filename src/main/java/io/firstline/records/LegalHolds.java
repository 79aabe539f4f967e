package io.firstline.records;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import io.firstline.contact.ContactEventKind;
import io.firstline.contact.ContactService;
import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.Problems;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Legal hold (DOMAIN §7: important records are kept longer): a manager sets or lifts it on a contact with a reason;
 * while it is set the retention purge leaves the contact alone. Every change is audited ({@code legal_hold_event},
 * append-only) and in the contact's history.
 */
@RestController
class LegalHolds {

    static final int MAX_REASON = 1000;

    record HoldRequest(Boolean hold, String reason) {
    }

    record HoldEvent(String action, String reason, String actor, Instant at) {
    }

    record HoldView(long contactId, boolean legalHold, String reason, List<HoldEvent> events) {
    }

    private final DatabaseClient db;
    private final ContactService lifecycle;
    private final TransactionalOperator transaction;
    private final Clock clock;

    LegalHolds(DatabaseClient db, ContactService lifecycle, TransactionalOperator transaction, Clock clock) {
        this.db = db;
        this.lifecycle = lifecycle;
        this.transaction = transaction;
        this.clock = clock;
    }

    @PostMapping("/api/v1/contacts/{id}/legal-hold")
    Mono<HoldView> change(@PathVariable long id, @RequestBody(required = false) HoldRequest request) {
        if (request == null || request.hold() == null || request.reason() == null || request.reason().isBlank()
                || request.reason().length() > MAX_REASON) {
            return Mono.error(Problems.badRequest("a body {\"hold\": true|false, \"reason\": \"...\"} is required; the reason "
                    + "(at most " + MAX_REASON + " characters) says why"));
        }
        boolean hold = request.hold();
        String reason = request.reason().strip();
        Instant now = clock.instant();
        return CurrentAgent.get().flatMap(agent -> {
            if (!"manager".equals(agent.role())) {
                return Mono.error(Problems.forbidden("only a manager may set or lift a legal hold"));
            }
            Mono<Void> work = db.sql("SELECT legal_hold, purged_at FROM contact WHERE id = :id FOR UPDATE")
                    .bind("id", id)
                    .map(row -> new Object[] {row.get("legal_hold", Boolean.class), row.get("purged_at", Instant.class)})
                    .one()
                    .switchIfEmpty(Mono.error(() -> Problems.notFound("contact " + id + " does not exist")))
                    .flatMap(current -> {
                        if (current[1] != null) {
                            return Mono.error(Problems.conflict("contact " + id + " was purged at " + current[1]));
                        }
                        if ((Boolean) current[0] == hold) {
                            return Mono.error(Problems.conflict("contact " + id + (hold ? " is under legal hold already"
                                    : " is not under legal hold")));
                        }
                        var update = db.sql("UPDATE contact SET legal_hold = :hold, legal_hold_reason = :reason WHERE id = :id")
                                .bind("hold", hold).bind("id", id);
                        update = hold ? update.bind("reason", reason) : update.bindNull("reason", String.class);
                        return update.then()
                                .then(db.sql("""
                                                INSERT INTO legal_hold_event (contact_id, action, reason, actor, at)
                                                VALUES (:id, :action, :reason, :actor, :at)""")
                                        .bind("id", id).bind("action", hold ? "set" : "lifted").bind("reason", reason)
                                        .bind("actor", agent.username()).bind("at", now).then())
                                .then(lifecycle.history(id, hold ? ContactEventKind.LEGAL_HOLD_SET : ContactEventKind.LEGAL_HOLD_LIFTED,
                                        agent.username(), reason, now));
                    });
            return transaction.transactional(work).then(view(id));
        });
    }

    @GetMapping("/api/v1/contacts/{id}/legal-hold")
    Mono<HoldView> get(@PathVariable long id) {
        return CurrentAgent.get().flatMap(agent -> agent.overseesWorkspace() ? view(id)
                : Mono.error(Problems.forbidden("only supervisors and managers see legal holds")));
    }

    private Mono<HoldView> view(long id) {
        Mono<List<HoldEvent>> events = db.sql("SELECT action, reason, actor, at FROM legal_hold_event WHERE contact_id = :id ORDER BY at, id")
                .bind("id", id)
                .map(row -> new HoldEvent(row.get("action", String.class), row.get("reason", String.class),
                        row.get("actor", String.class), row.get("at", Instant.class)))
                .all()
                .collectList();
        return db.sql("SELECT legal_hold, legal_hold_reason FROM contact WHERE id = :id").bind("id", id)
                .map(row -> new Object[] {row.get("legal_hold", Boolean.class), row.get("legal_hold_reason", String.class)})
                .one()
                .switchIfEmpty(Mono.error(() -> Problems.notFound("contact " + id + " does not exist")))
                .zipWith(events, (row, list) -> new HoldView(id, (Boolean) row[0], (String) row[1], list));
    }
}
