package io.firstline.routing;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import io.firstline.kernel.Channel;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Routing settings ({@code firstline.routing.*}).
 *
 * @param historyBacklog offer-history lines waiting to be written from which new routing work is refused (503);
 *                       see {@link RoutingEffects}; {@value #DEFAULT_HISTORY_BACKLOG} when not set
 */
@ConfigurationProperties("firstline.routing")
record RoutingProperties(Duration offerTimeout, Duration phoneOfferTimeout, Duration preferenceHold,
                                int missedOffersBeforeAway, Duration tick, int commandQueueCapacity,
                                Map<String, Integer> capacity, Duration rejectBackoff, Integer historyBacklog) {

    static final int DEFAULT_HISTORY_BACKLOG = 4096;

    RoutingProperties {
        if (historyBacklog != null && historyBacklog < 1) {
            throw new IllegalArgumentException("firstline.routing.history-backlog must be at least 1, was " + historyBacklog);
        }
    }

    int historyBacklogOrDefault() {
        return historyBacklog == null ? DEFAULT_HISTORY_BACKLOG : historyBacklog;
    }

    RoutingSettings settings() {
        Map<Channel, Duration> timeouts = new EnumMap<>(Channel.class);
        Map<Channel, Integer> capacities = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            timeouts.put(channel, channel == Channel.PHONE ? phoneOfferTimeout : offerTimeout);
            capacities.put(channel, capacity.getOrDefault(channel.wireName(), 1));
        }
        return new RoutingSettings(timeouts, preferenceHold, capacities, missedOffersBeforeAway,
                rejectBackoff == null ? RoutingSettings.DEFAULT_REJECT_BACKOFF : rejectBackoff);
    }
}
