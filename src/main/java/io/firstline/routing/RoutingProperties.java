package io.firstline.routing;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import io.firstline.kernel.Channel;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Routing settings ({@code firstline.routing.*}). */
@ConfigurationProperties("firstline.routing")
record RoutingProperties(Duration offerTimeout, Duration phoneOfferTimeout, Duration preferenceHold,
                                int missedOffersBeforeAway, Duration tick, int commandQueueCapacity,
                                Map<String, Integer> capacity, Duration rejectBackoff) {

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
