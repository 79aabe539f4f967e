package io.firstline.routing;

import io.firstline.DomainModel;

import io.firstline.kernel.Channel;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

/**
 * A contact waiting for an agent.
 *
 * @param skill            the skill an agent needs; null or blank means anyone
 * @param priority         higher is served first
 * @param preferredAgentId the assignee or first responder, held for them for a while; null if none
 * @param deadlines        the contact's due instants by deadline name, shown with the offer
 * @param workspaceId      the workspace whose router the contact waits in (one router per workspace)
 */
@DomainModel
public record WaitingContact(long workspaceId, long contactId, Channel channel, String skill, int priority, Instant waitingSince,
                             Long preferredAgentId, String customerName, String text, Map<String, Instant> deadlines) {

    /** Serving order: higher priority first, then who waited longest, then contact id so the order is total. */
    public static final Comparator<WaitingContact> SERVING_ORDER =
            Comparator.comparingInt(WaitingContact::priority).reversed()
                    .thenComparing(WaitingContact::waitingSince)
                    .thenComparingLong(WaitingContact::contactId);

    public WaitingContact {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(waitingSince, "waitingSince");
        deadlines = deadlines == null ? Map.of() : Map.copyOf(deadlines);
    }

    public WaitingContact(long workspaceId, long contactId, Channel channel, String skill, int priority, Instant waitingSince,
                          Long preferredAgentId, String customerName, String text) {
        this(workspaceId, contactId, channel, skill, priority, waitingSince, preferredAgentId, customerName, text, Map.of());
    }
}
