package io.firstline.report.history;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a report is narrowed to, as asked (codes and usernames) and as stored ids; a null field does not narrow.
 * {@code agent}: contacts the agent first responded to or holds.
 */
public record ReportFilters(String channel, String queue, String department, String agent,
                            Long queueId, Long departmentId, Long agentId) {

    public static final ReportFilters NONE = new ReportFilters(null, null, null, null, null, null, null);

    public Map<String, String> asked() {
        Map<String, String> asked = new LinkedHashMap<>();
        if (channel != null) {
            asked.put("channel", channel);
        }
        if (queue != null) {
            asked.put("queue", queue);
        }
        if (department != null) {
            asked.put("department", department);
        }
        if (agent != null) {
            asked.put("agent", agent);
        }
        return asked;
    }
}
