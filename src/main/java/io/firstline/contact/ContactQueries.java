package io.firstline.contact;

import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;

/** The console's read model of contacts: an agent's worklist and what supervision must watch. Reads only. */
@Repository
public class ContactQueries {

    private final DatabaseClient db;

    ContactQueries(DatabaseClient db) {
        this.db = db;
    }

    /**
     * The agent's work, newest first (the console's snapshot): open contacts they hold or first responded to,
     * and the resolved ones whose follow-up they, as first responder, still have to make.
     */
    public Flux<ContactSummary> openOfAgent(long agentId) {
        return db.sql("""
                        SELECT c.id, c.channel, c.status, c.assignee_id, c.first_responder_id, c.updated_at, cu.display_name
                        FROM contact c JOIN customer cu ON cu.id = c.customer_id
                        WHERE ((c.assignee_id = :agent OR c.first_responder_id = :agent)
                               AND c.status NOT IN ('resolved', 'follow_up', 'closed'))
                           OR (c.first_responder_id = :agent AND c.status = 'follow_up')
                        ORDER BY c.updated_at DESC LIMIT 200""")
                .bind("agent", agentId)
                .map(row -> new ContactSummary(row.get("id", Long.class), row.get("channel", String.class),
                        row.get("status", String.class), row.get("display_name", String.class),
                        Long.valueOf(agentId).equals(row.get("assignee_id", Long.class)),
                        Long.valueOf(agentId).equals(row.get("first_responder_id", Long.class)),
                        row.get("updated_at", Instant.class)))
                .all();
    }

    /**
     * What supervision must watch (a supervisor's or manager's console list): open contacts that breached a
     * deadline — each was escalated to supervisors — and open major matters (重大事项) of their workspace, newest first.
     */
    public Flux<ContactSummary> openEscalated(long workspaceId) {
        return db.sql("""
                        SELECT c.id, c.channel, c.status, c.updated_at, cu.display_name
                        FROM contact c JOIN customer cu ON cu.id = c.customer_id
                        WHERE c.workspace_id = :workspace AND c.status NOT IN ('resolved', 'follow_up', 'closed')
                          AND (c.severity = 'major'
                               OR EXISTS (SELECT 1 FROM contact_deadline d WHERE d.contact_id = c.id AND d.breached_at IS NOT NULL
                                       AND d.met_at IS NULL))
                        ORDER BY c.updated_at DESC LIMIT 200""")
                .bind("workspace", workspaceId)
                .map(row -> new ContactSummary(row.get("id", Long.class), row.get("channel", String.class),
                        row.get("status", String.class), row.get("display_name", String.class), false, false,
                        row.get("updated_at", Instant.class)))
                .all();
    }

    /** The console's list for this person: their own work, and for those who oversee their workspace its escalations. */
    public Flux<ContactSummary> worklist(io.firstline.platform.security.AgentPrincipal agent) {
        Flux<ContactSummary> own = openOfAgent(agent.agentId());
        return agent.overseesWorkspace() ? own.concatWith(openEscalated(agent.workspaceId())).distinct(ContactSummary::id) : own;
    }

    /** One line of an agent's contact list: whether they hold it, and whether they are its first responder. */
    public record ContactSummary(long id, String channel, String status, String customerName, boolean assignee,
                                 boolean firstResponder, Instant updatedAt) {
    }
}
