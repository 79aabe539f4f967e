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
 * @param capacity         its queue's capacity override: offered only to agents whose load on the channel is below it;
 *                         null for the channel's capacity (see {@link PoolKey})
 */
@DomainModel
public record WaitingContact(long workspaceId, long contactId, Channel channel, String skill, int priority, Instant waitingSince,
                             Long preferredAgentId, String customerName, String text, Map<String, Instant> deadlines,
                             Integer capacity) {

    /** Serving order: higher priority first, then who waited longest, then contact id so the order is total. */
    public static final Comparator<WaitingContact> SERVING_ORDER =
            Comparator.comparingInt(WaitingContact::priority).reversed()
                    .thenComparing(WaitingContact::waitingSince)
                    .thenComparingLong(WaitingContact::contactId);

    public WaitingContact {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(waitingSince, "waitingSince");
        deadlines = deadlines == null ? Map.of() : Map.copyOf(deadlines);
        if (capacity != null && capacity < 1) {
            throw new IllegalArgumentException("a queue's capacity is at least 1, was " + capacity);
        }
    }

    /** Of a queue without a capacity override. */
    public WaitingContact(long workspaceId, long contactId, Channel channel, String skill, int priority, Instant waitingSince,
                          Long preferredAgentId, String customerName, String text, Map<String, Instant> deadlines) {
        this(workspaceId, contactId, channel, skill, priority, waitingSince, preferredAgentId, customerName, text, deadlines, null);
    }

    public WaitingContact(long workspaceId, long contactId, Channel channel, String skill, int priority, Instant waitingSince,
                          Long preferredAgentId, String customerName, String text) {
        this(workspaceId, contactId, channel, skill, priority, waitingSince, preferredAgentId, customerName, text, Map.of());
    }
}
