package io.firstline.routing;

import io.firstline.DomainModel;

import io.firstline.kernel.Channel;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The knobs of routing.
 *
 * @param offerTimeout           how long an agent has to accept an offer, per channel
 * @param preferenceHold         how long a contact waits only for its preferred agent before anyone may take it
 * @param capacity               how many contacts of a channel one agent handles at once (assignments plus offers)
 * @param missedOffersBeforeAway after this many expired offers in a row the agent is set AWAY
 * @param rejectBackoff          how long a rejected contact is not offered again to the agent who rejected it
 */
@DomainModel
public record RoutingSettings(Map<Channel, Duration> offerTimeout, Duration preferenceHold,
                              Map<Channel, Integer> capacity, int missedOffersBeforeAway, Duration rejectBackoff) {

    /** Used for a channel the timeout map does not name. */
    public static final Duration DEFAULT_OFFER_TIMEOUT = Duration.ofSeconds(20);
    /** Used for a channel the capacity map does not name: one at a time is the safe choice. */
    public static final int DEFAULT_CAPACITY = 1;
    public static final Duration DEFAULT_REJECT_BACKOFF = Duration.ofSeconds(30);

    public RoutingSettings {
        Objects.requireNonNull(offerTimeout, "offerTimeout");
        Objects.requireNonNull(preferenceHold, "preferenceHold");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(rejectBackoff, "rejectBackoff");
        if (rejectBackoff.isNegative()) {
            throw new IllegalArgumentException("reject back-off must not be negative");
        }
        offerTimeout.forEach((channel, timeout) -> {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("offer timeout must be positive for " + channel.wireName());
            }
        });
        capacity.forEach((channel, max) -> {
            if (max < 0) {
                throw new IllegalArgumentException("capacity must not be negative for " + channel.wireName());
            }
        });
        if (preferenceHold.isNegative()) {
            throw new IllegalArgumentException("preference hold must not be negative");
        }
        if (missedOffersBeforeAway < 1) {
            throw new IllegalArgumentException("missedOffersBeforeAway must be at least 1");
        }
        offerTimeout = Map.copyOf(offerTimeout);
        capacity = Map.copyOf(capacity);
    }

    /** With the default reject back-off. */
    public RoutingSettings(Map<Channel, Duration> offerTimeout, Duration preferenceHold,
                           Map<Channel, Integer> capacity, int missedOffersBeforeAway) {
        this(offerTimeout, preferenceHold, capacity, missedOffersBeforeAway, DEFAULT_REJECT_BACKOFF);
    }

    public static RoutingSettings defaults() {
        Map<Channel, Duration> timeouts = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            timeouts.put(channel, DEFAULT_OFFER_TIMEOUT);
        }
        // A ringing phone cannot wait as long as a chat.
        timeouts.put(Channel.PHONE, Duration.ofSeconds(15));

        Map<Channel, Integer> capacity = new EnumMap<>(Channel.class);
        capacity.put(Channel.PHONE, 1);
        capacity.put(Channel.WEBCHAT, 3);
        capacity.put(Channel.EMAIL, 5);
        capacity.put(Channel.WECHAT, 5);
        capacity.put(Channel.VISIT, 1);
        capacity.put(Channel.LETTER, 5);

        return new RoutingSettings(timeouts, Duration.ofSeconds(30), capacity, 2);
    }

    public Duration offerTimeout(Channel channel) {
        return offerTimeout.getOrDefault(channel, DEFAULT_OFFER_TIMEOUT);
    }

    public int capacity(Channel channel) {
        return capacity.getOrDefault(channel, DEFAULT_CAPACITY);
    }
}
