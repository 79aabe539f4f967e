package io.firstline.routing;

import io.firstline.DomainModel;

import io.firstline.kernel.Channel;

import java.util.Objects;

/**
 * Which agents may take a contact: those holding {@code skill} with room on {@code channel}.
 *
 * <p>Load is counted per channel (assignments plus outstanding offers, whatever queue they came from). A queue's
 * capacity override lowers the room its contacts need: an agent is offered them only while their load on the channel
 * is below {@code capacity} (and, as always, below the channel's capacity). An override at or above the channel's
 * capacity changes nothing, so it shares the channel's pool.
 *
 * @param skill    null for a contact that anyone may take (no skill, or a blank one)
 * @param capacity below the channel's capacity: the load under which an agent may take the contact; null otherwise
 */
@DomainModel
record PoolKey(String skill, Channel channel, Integer capacity) {

    PoolKey {
        Objects.requireNonNull(channel, "channel");
        if (capacity != null && capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
    }

    /** A pool of the channel's own capacity. */
    PoolKey(String skill, Channel channel) {
        this(skill, channel, null);
    }

    static PoolKey of(WaitingContact contact, int channelCapacity) {
        String skill = contact.skill();
        Integer capacity = contact.capacity() == null || contact.capacity() >= channelCapacity ? null : contact.capacity();
        return new PoolKey(skill == null || skill.isBlank() ? null : skill, contact.channel(), capacity);
    }
}
