package io.firstline.agent;

import java.time.Instant;
import java.util.Set;

/** What the API shows of an agent (never the password hash). */
record AgentView(long id, String username, String displayName, String role, String state,
                        Instant stateSince, Set<String> skills) {
}
