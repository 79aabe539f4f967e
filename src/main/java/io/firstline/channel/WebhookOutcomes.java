package io.firstline.channel;

import java.util.LinkedHashMap;
import java.util.Map;
import io.firstline.contact.Channel;
import io.firstline.intake.IntakeOutcome;
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

    /**
     * The body of a webhook's 202: {@code {"contactId","duplicate"}}; both are {@code null} when the
     * message is durable but not processed yet (Kafka mode).
     */
    public static Map<String, Object> receipt(IntakeOutcome outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contactId", outcome.contactId());
        body.put("duplicate", outcome.duplicate());
        return body;
    }

    public Counter counter(String outcome) {
        return Counter.builder("firstline.webhooks")
                .description("Webhook calls by channel and outcome")
                .tag("channel", channel.wireName())
                .tag("outcome", outcome)
                .register(meters);
    }
}
