package io.firstline.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import io.firstline.agent.Agents;
import io.firstline.contact.OfferHistoryLine;

/**
 * Lines of the offer history written together: one statement for the contacts' lines, one for the agents', then
 * the hooks. A contact or agent appears at most once in a chunk (one statement updates a row once, and a later line
 * of the same row must land after the earlier one), so {@link #split} starts a new chunk where one would repeat;
 * lines of different rows are independent, so their order inside a chunk does not matter.
 */
record HistoryChunk(List<HistoryLine> lines, List<OfferHistoryLine> contactLines, List<Agents.SavedState> agentLines,
                    List<HistoryLine.HookLine> hooks) {

    /** The lines in order, cut into chunks in which no contact and no agent repeats. */
    static List<HistoryChunk> split(List<HistoryLine> lines) {
        List<HistoryChunk> chunks = new ArrayList<>();
        Builder current = new Builder();
        for (HistoryLine line : lines) {
            if (!current.accepts(line)) {
                chunks.add(current.build());
                current = new Builder();
            }
            current.add(line);
        }
        if (!current.lines.isEmpty()) {
            chunks.add(current.build());
        }
        return chunks;
    }

    int size() {
        return lines.size();
    }

    private static final class Builder {
        private final List<HistoryLine> lines = new ArrayList<>();
        private final List<OfferHistoryLine> contactLines = new ArrayList<>();
        private final List<Agents.SavedState> agentLines = new ArrayList<>();
        private final List<HistoryLine.HookLine> hooks = new ArrayList<>();
        private final Set<Long> contacts = new HashSet<>();
        private final Set<Long> agents = new HashSet<>();

        boolean accepts(HistoryLine line) {
            if (line instanceof HistoryLine.ContactLine contact) {
                return !contacts.contains(contact.line().contactId());
            }
            if (line instanceof HistoryLine.AgentLine agent) {
                return !agents.contains(agent.state().id());
            }
            return true;
        }

        void add(HistoryLine line) {
            lines.add(line);
            if (line instanceof HistoryLine.ContactLine contact) {
                contacts.add(contact.line().contactId());
                contactLines.add(contact.line());
            } else if (line instanceof HistoryLine.AgentLine agent) {
                agents.add(agent.state().id());
                agentLines.add(agent.state());
            } else {
                hooks.add((HistoryLine.HookLine) line);
            }
        }

        HistoryChunk build() {
            return new HistoryChunk(List.copyOf(lines), List.copyOf(contactLines), List.copyOf(agentLines), List.copyOf(hooks));
        }
    }
}
