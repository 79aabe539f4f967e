package io.firstline.channel;

import io.firstline.contact.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts webhook answers per channel and outcome: {@code firstline.webhooks{channel,outcome}}. */
public final class WebhookOutcomes {

    private final MeterRegistry meters;
    private final Channel channel;

    public WebhookOutcomes(MeterRegistry meters, Channel channel) {
        this.meters = meters;
        this.channel = channel;
    }

    public Counter counter(String outcome) {
        return Counter.builder("firstline.webhooks")
                .description("Webhook calls by channel and outcome")
                .tag("channel", channel.wireName())
                .tag("outcome", outcome)
                .register(meters);
    }
}
