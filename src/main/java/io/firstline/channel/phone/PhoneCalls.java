package io.firstline.channel.phone;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The phone channel's tables (V6__phone.sql): calls with their lifecycle instants, and the events seen. */
@Repository
class PhoneCalls {

    static final String FORM_TWILIO = "twilio";
    static final String FORM_GENERIC = "generic";

    /** One call as stored. {@code dialTarget}: what the telephony side rings (null until an agent accepted). */
    record Call(String callId, String account, String form, Long contactId, String fromNumber, String toNumber,
                CallStatus status, Instant intakeAt, Instant startedAt, Instant answeredAt, Long answeredBy,
                String dialTarget) {

        boolean agentChosen() {
            return dialTarget != null && !status.terminal();
        }
    }

    private final DatabaseClient db;

    PhoneCalls(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> ensure(String callId, String account, String form, String from, String to, Instant startedAt) {
        return db.sql("""
                        INSERT INTO phone_call (call_id, account, form, from_number, to_number, status, started_at)
                        VALUES (:id, :account, :form, :from, :to, 'ringing', :at) ON CONFLICT (call_id) DO NOTHING""")
                .bind("id", callId).bind("account", account).bind("form", form).bind("from", from)
                .bind("to", to == null ? "" : to).bind("at", startedAt)
                .then();
    }

    Mono<Call> find(String callId) {
        return db.sql("SELECT * FROM phone_call WHERE call_id = :id").bind("id", callId).map(PhoneCalls::call).one();
    }

    /** The call a contact is about: the newest of its calls that is still going, else its newest call. */
    Mono<Call> forContact(long contactId) {
        return db.sql("""
                        SELECT p.* FROM phone_call p
                        WHERE p.contact_id = :contact
                           OR p.call_id IN (SELECT external_id FROM message WHERE channel = 'phone' AND contact_id = :contact)
                        ORDER BY p.status IN ('completed', 'abandoned', 'no_answer'), p.started_at DESC LIMIT 1""")
                .bind("contact", contactId)
                .map(PhoneCalls::call).one();
    }

    /**
     * Records one lifecycle step exactly once per call and status: true when it was new. The step's instant is
     * kept (a late duplicate keeps the first); the status only moves forward, and never out of an end state.
     */
    Mono<Boolean> record(String callId, CallStatus status, Instant at, Instant receivedAt, Duration shortAbandon) {
        Mono<Boolean> claim = db.sql("""
                        INSERT INTO phone_call_event (call_id, status, at, received_at) VALUES (:id, :status, :at, :now)
                        ON CONFLICT DO NOTHING""")
                .bind("id", callId).bind("status", status.wireName()).bind("at", at).bind("now", receivedAt)
                .fetch().rowsUpdated().map(rows -> rows > 0);
        String column = status.wireName() + "_at";
        Mono<Void> apply = db.sql("""
                        UPDATE phone_call SET
                            %1$s = COALESCE(%1$s, :at),
                            started_at = CASE WHEN :starts THEN LEAST(started_at, :at) ELSE started_at END,
                            short_abandon = CASE WHEN :status = 'abandoned' AND abandoned_at IS NULL AND answered_at IS NULL
                                                 THEN :at < started_at + make_interval(secs => :short) ELSE short_abandon END,
                            status = CASE
                                WHEN status IN ('completed', 'abandoned', 'no_answer') THEN status
                                WHEN :terminal THEN :status
                                WHEN :rank > array_position(ARRAY['ringing', 'queued', 'offered', 'answered'], status) - 1 THEN :status
                                ELSE status END
                        WHERE call_id = :id""".formatted(column))
                .bind("at", at)
                .bind("starts", status == CallStatus.RINGING || status == CallStatus.QUEUED)
                .bind("status", status.wireName())
                .bind("short", shortAbandon.toMillis() / 1000.0)
                .bind("terminal", status.terminal())
                .bind("rank", status.rank())
                .bind("id", callId)
                .then();
        return claim.flatMap(fresh -> fresh ? apply.thenReturn(true) : Mono.just(false));
    }

    Mono<Void> intakeDone(String callId, Long contactId, Instant at) {
        var spec = db.sql("UPDATE phone_call SET intake_at = COALESCE(intake_at, :at), contact_id = COALESCE(contact_id, :contact) WHERE call_id = :id")
                .bind("at", at)
                .bind("id", callId);
        return (contactId == null ? spec.bindNull("contact", Long.class) : spec.bind("contact", contactId)).then();
    }

    /** Stores whom to ring; false when an agent was chosen before (a second accept changes nothing). */
    Mono<Boolean> agentChosen(String callId, long agentId, String dialTarget, Instant at) {
        return db.sql("""
                        UPDATE phone_call SET answered_by = :agent, agent_extension = :target, accepted_at = :at
                        WHERE call_id = :id AND answered_by IS NULL""")
                .bind("agent", agentId).bind("target", dialTarget).bind("at", at).bind("id", callId)
                .fetch().rowsUpdated().map(rows -> rows > 0);
    }

    Mono<Void> callbackResult(String callId, Instant at, String error) {
        var spec = db.sql("UPDATE phone_call SET callback_at = :at, callback_error = :error WHERE call_id = :id")
                .bind("at", at)
                .bind("id", callId);
        return (error == null ? spec.bindNull("error", String.class) : spec.bind("error", error)).then();
    }

    /** The agent's dial target: their extension, else their Twilio client name {@code client:<username>}. */
    Mono<String> dialTarget(long agentId) {
        return db.sql("SELECT username, extension FROM agent WHERE id = :id").bind("id", agentId)
                .map(row -> {
                    String extension = row.get("extension", String.class);
                    return extension == null || extension.isBlank() ? "client:" + row.get("username", String.class) : extension.strip();
                })
                .one();
    }

    /** The instants of calls that started in [from, to). */
    /**
     * The workspace's calls that started in [from, to). A call belongs to the workspace of its contact; a call that
     * never became one (abandoned while ringing) to the workspace its line is attached to ({@code channel_account}),
     * else the default workspace, as intake decides.
     */
    Mono<List<PhoneStatsFigures.Call>> startedBetween(long workspaceId, long defaultWorkspaceId, Instant from, Instant to) {
        return db.sql("""
                        SELECT p.started_at, p.answered_at, p.abandoned_at, p.no_answer_at FROM phone_call p
                        LEFT JOIN contact c ON c.id = p.contact_id
                        LEFT JOIN channel_account a ON a.channel = 'phone' AND a.account = p.account
                        WHERE p.started_at >= :from AND p.started_at < :to
                          AND coalesce(c.workspace_id, a.workspace_id, :default) = :workspace""")
                .bind("from", from).bind("to", to).bind("workspace", workspaceId).bind("default", defaultWorkspaceId)
                .map(row -> new PhoneStatsFigures.Call(instant(row, "started_at"), instant(row, "answered_at"),
                        instant(row, "abandoned_at"), instant(row, "no_answer_at")))
                .all().collectList();
    }

    private static Call call(Readable row) {
        return new Call(row.get("call_id", String.class), row.get("account", String.class), row.get("form", String.class),
                row.get("contact_id", Long.class), row.get("from_number", String.class), row.get("to_number", String.class),
                CallStatus.fromWireName(row.get("status", String.class)).orElseThrow(),
                instant(row, "intake_at"), instant(row, "started_at"), instant(row, "answered_at"),
                row.get("answered_by", Long.class), row.get("agent_extension", String.class));
    }

    private static Instant instant(Readable row, String column) {
        java.time.OffsetDateTime value = row.get(column, java.time.OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
