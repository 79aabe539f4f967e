package io.firstline.support;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A small known week of history for the report tests, around the Monday given (Asia/Shanghai): four contacts in the
 * week, one the Sunday before and one just after midnight at its end (still the Sunday in UTC). The hand count of
 * every figure is in ReportApiTest.
 */
public final class ReportSeed {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final DatabaseClient db;
    private final LocalDate monday;

    public ReportSeed(DatabaseClient db, LocalDate monday) {
        this.db = db;
        this.monday = monday;
    }

    public Instant at(int dayOffset, String time) {
        return monday.plusDays(dayOffset).atTime(LocalTime.parse(time)).atZone(ZONE).toInstant();
    }

    public void seed() {
        long c1 = contact("webchat", "complaint", "Visitor One", "demo:v1", at(0, "09:00"), "agent1", "closed", at(1, "10:00"));
        exec("UPDATE contact SET cause_id = (SELECT id FROM complaint_cause WHERE code = 'billing' AND retired_at IS NULL),"
                + " complaint_valid = true, disposition = 'resolved_first_contact' WHERE id = " + c1);
        event(c1, "accepted", "agent1", at(0, "09:00").plusSeconds(10));
        deadline(c1, "resolve", at(3, "09:00"));
        followUp(c1, "agent1", "done", 2, at(2, "10:00"));

        long c2 = contact("phone", "repair", "+8613812345678", "+8613812345678", at(1, "23:30"), "agent2", "closed", at(3, "08:00"));
        event(c2, "accepted", "agent2", at(1, "23:30").plusSeconds(5));
        event(c2, "transferred", "agent2", at(2, "09:00"));
        deadline(c2, "resolve", at(2, "23:30"));
        followUp(c2, "agent2", "done", 5, at(4, "10:00"));
        exec("INSERT INTO phone_call (call_id, account, form, contact_id, from_number, status, started_at, answered_at, completed_at)"
                + " VALUES ('seed-call-" + c2 + "', 'demo', 'generic', " + c2 + ", '+8613812345678', 'completed', '"
                + at(1, "23:30") + "', '" + at(1, "23:30").plusSeconds(5) + "', '" + at(1, "23:45") + "')");

        long c3 = contact("webchat", "inquiry", "Visitor Three", "demo:v3", at(6, "23:59"), "agent1", "closed", null);
        event(c3, "accepted", "agent1", at(6, "23:59").plusSeconds(60));
        deadline(c3, "reply", at(7, "23:59"));

        long c4 = contact("email", "complaint", "mail@example.com", "mail@example.com", at(7, "00:30"), "agent3", "closed", at(7, "05:00"));
        exec("UPDATE contact SET cause_id = (SELECT id FROM complaint_cause WHERE code = 'billing' AND retired_at IS NULL)"
                + " WHERE id = " + c4);
        contact("webchat", "complaint", "Visitor Five", "demo:v5", at(-1, "23:00"), "agent3", "closed", at(-1, "23:30"));

        long c6 = contact("wechat", "repair", "Visitor Six", "wx-open-id-6", at(4, "12:00"), "agent2", "follow_up", at(4, "18:00"));
        event(c6, "accepted", "agent2", at(4, "12:00").plusSeconds(30));
        deadline(c6, "resolve", at(5, "12:00"));
        followUp(c6, "agent2", "due", null, at(7, "09:00"));
    }

    private long contact(String channel, String type, String customer, String handle, Instant opened, String agent,
                         String status, Instant resolved) {
        long customerId = id("INSERT INTO customer (workspace_id, display_name) SELECT id, '" + customer
                + "' FROM workspace WHERE code = 'demo' RETURNING id");
        return id("INSERT INTO contact (workspace_id, customer_id, channel, queue_id, status, assignee_id, first_responder_id,"
                + " opened_at, updated_at, queued_at, type, resolved_at, customer_handle)"
                + " SELECT w.id, " + customerId + ", '" + channel + "', q.id, '" + status + "', a.id, a.id, '" + opened + "', '"
                + opened + "', '" + opened + "', '" + type + "', " + (resolved == null ? "NULL" : "'" + resolved + "'")
                + ", '" + handle + "' FROM workspace w JOIN queue q ON q.workspace_id = w.id AND q.code = '" + channel
                + "' JOIN agent a ON a.username = '" + agent + "' WHERE w.code = 'demo' RETURNING id");
    }

    private void event(long contactId, String kind, String actor, Instant at) {
        exec("INSERT INTO contact_event (contact_id, kind, actor, at) VALUES (" + contactId + ", '" + kind + "', '" + actor
                + "', '" + at + "')");
    }

    private void deadline(long contactId, String name, Instant due) {
        exec("INSERT INTO contact_deadline (contact_id, name, due_at, warn_at) VALUES (" + contactId + ", '" + name + "', '"
                + due + "', '" + due.minus(Duration.ofHours(1)) + "')");
    }

    private void followUp(long contactId, String agent, String status, Integer satisfaction, Instant at) {
        exec("INSERT INTO follow_up (contact_id, assignee_id, due_at, created_at, status, satisfaction, done_at)"
                + " SELECT " + contactId + ", id, '" + at + "', '" + at.minus(Duration.ofDays(1)) + "', '" + status + "', "
                + (satisfaction == null ? "NULL" : satisfaction) + ", " + ("done".equals(status) ? "'" + at + "'" : "NULL")
                + " FROM agent WHERE username = '" + agent + "'");
    }

    private long id(String sql) {
        return db.sql(sql).map(row -> row.get(0, Long.class)).one().block(WAIT);
    }

    private void exec(String sql) {
        db.sql(sql).then().block(WAIT);
    }
}
