package io.firstline.report.analysis;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** What a contact has recorded for analysis, with the cause label of the version it was given. */
@Repository
class RecordedAnalyses {

    record RecordedAnalysis(long contactId, String type, String cause, Integer causeVersion, String causeLabel,
                            String department, String departmentName, String disposition, String dispositionReason,
                            Boolean complaintValid, @com.fasterxml.jackson.annotation.JsonIgnore Long assigneeId,
                            @com.fasterxml.jackson.annotation.JsonIgnore Long firstResponderId) {

        boolean involves(long agentId) {
            return Long.valueOf(agentId).equals(assigneeId) || Long.valueOf(agentId).equals(firstResponderId);
        }
    }

    private final DatabaseClient db;

    RecordedAnalyses(DatabaseClient db) {
        this.db = db;
    }

    Mono<RecordedAnalysis> of(long contactId) {
        return db.sql("""
                        SELECT c.id, c.type, cc.code AS cause, cc.version AS cause_version, cc.label AS cause_label,
                               d.code AS department, d.name AS department_name, c.disposition, c.disposition_reason,
                               c.complaint_valid, c.assignee_id, c.first_responder_id
                        FROM contact c LEFT JOIN complaint_cause cc ON cc.id = c.cause_id
                        LEFT JOIN department d ON d.id = c.department_id WHERE c.id = :id""")
                .bind("id", contactId)
                .map(row -> new RecordedAnalysis(row.get("id", Long.class), row.get("type", String.class),
                        row.get("cause", String.class), row.get("cause_version", Integer.class),
                        row.get("cause_label", String.class), row.get("department", String.class),
                        row.get("department_name", String.class), row.get("disposition", String.class),
                        row.get("disposition_reason", String.class), row.get("complaint_valid", Boolean.class),
                        row.get("assignee_id", Long.class), row.get("first_responder_id", Long.class)))
                .one();
    }
}
