package io.firstline.routing;

/**
 * A queue contacts wait in, the skill an agent needs to take them, and its priority (0–9): a contact joining it is
 * served before the contacts of lower-priority queues, and within the queue major matters come first.
 *
 * @param capacity the load on the channel below which an agent may still be offered this queue's contacts; null for
 *                 the channel's capacity (see {@link PoolKey})
 */
public record RoutingQueue(long id, String code, String skill, int priority, Integer capacity) {

    /** How far apart two queue priorities are in a contact's priority: more than any severity adds. */
    static final int QUEUE_STEP = 10;

    public RoutingQueue(long id, String code, String skill) {
        this(id, code, skill, 0);
    }

    /** Without a capacity override. */
    public RoutingQueue(long id, String code, String skill, int priority) {
        this(id, code, skill, priority, null);
    }

    /** The priority of a contact joining this queue with the priority its severity gives (0 normal, 2 major). */
    public int contactPriority(int severityPriority) {
        return priority * QUEUE_STEP + severityPriority;
    }
}
