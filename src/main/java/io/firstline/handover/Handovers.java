package io.firstline.handover;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Hand-over records, their notes, and the open matters a shift hands over (reads the contacts, writes nothing there). */
@Repository
class Handovers {

    /** A hand-over record as stored. */
    record Record(long id, Instant handoverAt, Instant outgoingShiftStart, String dutyLog, String outgoingBy,
                  Instant outgoingSignedAt, String incomingBy, Instant incomingSignedAt, String items) {

        boolean signed() {
            return outgoingSignedAt != null && incomingSignedAt != null;
        }
    }

    private final DatabaseClient db;

    Handovers(DatabaseClient db) {
        this.db = db;
    }

    /** The workspace's record of the hand-over at the end of {@code outgoing}, created empty the first time. */
    Mono<Record> ensure(long workspaceId, ShiftRota.Shift outgoing) {
        return db.sql("""
                        INSERT INTO shift_handover (workspace_id, handover_at, outgoing_shift_start) VALUES (:workspace, :at, :start)
                        ON CONFLICT (workspace_id, handover_at) DO NOTHING""")
                .bind("workspace", workspaceId).bind("at", outgoing.end()).bind("start", outgoing.start()).then()
                .then(at(workspaceId, outgoing.end()));
    }

    Mono<Record> at(long workspaceId, Instant handoverAt) {
        return db.sql("""
                        SELECT id, handover_at, outgoing_shift_start, duty_log, outgoing_by, outgoing_signed_at, incoming_by,
                               incoming_signed_at, items FROM shift_handover WHERE workspace_id = :workspace AND handover_at = :at""")
                .bind("workspace", workspaceId)
                .bind("at", handoverAt)
                .map(row -> new Record(row.get("id", Long.class), row.get("handover_at", Instant.class),
                        row.get("outgoing_shift_start", Instant.class), row.get("duty_log", String.class),
                        row.get("outgoing_by", String.class), row.get("outgoing_signed_at", Instant.class),
                        row.get("incoming_by", String.class), row.get("incoming_signed_at", Instant.class),
                        row.get("items", String.class)))
                .one();
    }

    /**
     * Every open matter of the workspace: open contacts, and resolved ones whose follow-up is still due; why each is
     * listed. Another workspace's matters are never listed (nor can they be noted or block a signature).
     */
    Mono<List<HandoverItem>> items(long workspaceId, long handoverId) {
        return db.sql("""
                        SELECT c.id, cu.display_name, c.status, c.type, c.severity,
                               c.status NOT IN ('resolved', 'follow_up', 'closed') AS open,
                               EXISTS (SELECT 1 FROM contact_deadline d WHERE d.contact_id = c.id AND d.met_at IS NULL
                                       AND d.breached_at IS NOT NULL) AS breached,
                               EXISTS (SELECT 1 FROM contact_deadline d WHERE d.contact_id = c.id AND d.met_at IS NULL
                                       AND d.breached_at IS NULL AND d.warned_at IS NOT NULL) AS at_risk,
                               EXISTS (SELECT 1 FROM follow_up f WHERE f.contact_id = c.id AND f.status = 'due') AS follow_up_due,
                               n.note, n.note_by, coalesce(n.unclear, false) AS unclear
                        FROM contact c JOIN customer cu ON cu.id = c.customer_id
                        LEFT JOIN handover_item_note n ON n.contact_id = c.id AND n.handover_id = :handover
                        WHERE c.workspace_id = :workspace
                          AND (c.status NOT IN ('resolved', 'closed')
                               OR EXISTS (SELECT 1 FROM follow_up f WHERE f.contact_id = c.id AND f.status = 'due'))
                        ORDER BY (c.severity = 'major') DESC, c.id LIMIT 1000""")
                .bind("handover", handoverId)
                .bind("workspace", workspaceId)
                .map(row -> {
                    List<String> listedAs = new ArrayList<>();
                    boolean open = Boolean.TRUE.equals(row.get("open", Boolean.class));
                    if (open) {
                        listedAs.add("open");
                        if ("major".equals(row.get("severity", String.class))) {
                            listedAs.add("major");
                        }
                        if ("repair".equals(row.get("type", String.class))) {
                            listedAs.add("repair");
                        }
                    }
                    if (Boolean.TRUE.equals(row.get("breached", Boolean.class)) && open) {
                        listedAs.add("breached");
                    }
                    if (Boolean.TRUE.equals(row.get("at_risk", Boolean.class)) && open) {
                        listedAs.add("at_risk");
                    }
                    if (Boolean.TRUE.equals(row.get("follow_up_due", Boolean.class))) {
                        listedAs.add("follow_up_due");
                    }
                    return new HandoverItem(row.get("id", Long.class), row.get("display_name", String.class),
                            row.get("status", String.class), row.get("type", String.class), List.copyOf(listedAs),
                            row.get("note", String.class), row.get("note_by", String.class),
                            Boolean.TRUE.equals(row.get("unclear", Boolean.class)));
                })
                .all()
                .collectList();
    }

    Mono<Void> log(long handoverId, String text) {
        return db.sql("UPDATE shift_handover SET duty_log = :text WHERE id = :id").bind("text", text).bind("id", handoverId).then();
    }

    Mono<Void> note(long handoverId, long contactId, String note, String by) {
        return db.sql("""
                        INSERT INTO handover_item_note (handover_id, contact_id, note, note_by) VALUES (:h, :c, :note, :by)
                        ON CONFLICT (handover_id, contact_id) DO UPDATE SET note = :note, note_by = :by""")
                .bind("h", handoverId).bind("c", contactId).bind("note", note).bind("by", by).then();
    }

    Mono<Void> unclear(long handoverId, long contactId) {
        return db.sql("""
                        INSERT INTO handover_item_note (handover_id, contact_id, unclear) VALUES (:h, :c, true)
                        ON CONFLICT (handover_id, contact_id) DO UPDATE SET unclear = true""")
                .bind("h", handoverId).bind("c", contactId).then();
    }

    Mono<Void> signOutgoing(long handoverId, String by, Instant at) {
        return db.sql("UPDATE shift_handover SET outgoing_by = :by, outgoing_signed_at = :at WHERE id = :id")
                .bind("by", by).bind("at", at).bind("id", handoverId).then();
    }

    /** The incoming signature, with what was handed over, in one statement (the record is read-only after it). */
    Mono<Void> signIncoming(long handoverId, String by, Instant at, String items) {
        return db.sql("UPDATE shift_handover SET incoming_by = :by, incoming_signed_at = :at, items = :items WHERE id = :id")
                .bind("by", by).bind("at", at).bind("items", items).bind("id", handoverId).then();
    }

    /** The workspace's agents in a working state (available, busy, after-call work): on duty. */
    Mono<Long> onDuty(long workspaceId) {
        return db.sql("SELECT count(*) FROM agent WHERE workspace_id = :workspace AND state IN ('available', 'busy', 'after_call_work')")
                .bind("workspace", workspaceId)
                .map(row -> row.get(0, Long.class)).one();
    }
}
