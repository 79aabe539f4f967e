package io.firstline.platform.metrics;

import java.time.Duration;
import io.micrometer.core.instrument.Timer;

/**
 * The latency timers, in one place so their names and SLO buckets stay those the dashboards and alerts
 * (dashboards/) query. Each is exported as {@code <name>_seconds_bucket|_count|_sum|_max}; the buckets are
 * the service-level boundaries, so {@code histogram_quantile} and "share within N s" work on them.
 */
public final class LatencyTimers {

    /** Milliseconds-scale work: webhook to durable, intake transactions, queue to offer frame. */
    static final Duration[] FAST = {ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500), ms(1000), ms(2500),
            ms(5000), ms(10_000)};
    /** Provider calls and reports: tens of milliseconds to tens of seconds. */
    static final Duration[] CALLS = {ms(50), ms(100), ms(250), ms(500), ms(1000), ms(2500), ms(5000), ms(10_000),
            ms(15_000), ms(30_000)};
    /** Customers waiting: from milliseconds (an agent free) to minutes (none free). */
    static final Duration[] WAITS = {ms(50), ms(100), ms(250), ms(500), ms(1000), ms(2000), ms(5000), ms(10_000),
            ms(20_000), ms(30_000), ms(60_000), ms(120_000), ms(300_000)};
    /** People: an agent accepting an offer (offers expire after 15-20 s by default). */
    static final Duration[] HUMAN = {ms(1000), ms(2000), ms(5000), ms(10_000), ms(15_000), ms(20_000), ms(30_000),
            ms(60_000)};

    private LatencyTimers() {
    }

    /** A webhook call until its message is durable in the intake log (embedded: committed; Kafka: acknowledged). */
    public static Timer.Builder webhookDurable(String channel) {
        return timer("firstline.webhook.durable", "Webhook received until its message is durable", FAST)
                .tag("channel", channel);
    }

    /** An offer made by the router until its frame is written on the agent's /ws/console (the push path). */
    public static Timer.Builder offerDelivery(String channel) {
        return timer("firstline.offer.delivery", "Offer made until its frame is written on /ws/console", FAST)
                .tag("channel", channel);
    }

    /**
     * A contact queued for routing (at its intake commit, or again after a transfer) until an offer of it is written on
     * an agent's /ws/console: with an agent free, webhook to offer less the webhook's own time; it also holds the
     * time without a free agent and after missed offers (then one contact is recorded once per offer).
     */
    public static Timer.Builder queueToOffer(String channel) {
        return timer("firstline.queue.to.offer", "Contact queued until an offer of it is written on /ws/console", WAITS)
                .tag("channel", channel);
    }

    /** An offer made until the agent accepted it. */
    public static Timer.Builder offerAccept(String channel) {
        return timer("firstline.offer.accept", "Offer made until the agent accepted it", HUMAN).tag("channel", channel);
    }

    /** One reply through a channel's provider; outcome {@code sent}, {@code failed} (refused) or {@code unavailable}. */
    public static Timer.Builder replyDelivery(String channel, String outcome) {
        return timer("firstline.reply.delivery", "A reply sent through the channel's provider, by outcome", CALLS)
                .tag("channel", channel).tag("outcome", outcome);
    }

    /** One intake transaction: {@code kind=batch} (group commit) or {@code kind=single} (one envelope, Kafka or retry). */
    public static Timer.Builder intakeProcessing(String kind) {
        return timer("firstline.intake.processing", "One intake transaction (a batch or a single envelope)", FAST)
                .tag("kind", kind);
    }

    /** For the reports module: one report generated, tagged by report name (daily, weekly, monthly, export ...). */
    public static Timer.Builder reportGeneration(String report) {
        return timer("firstline.report.generation", "One report generated", CALLS).tag("report", report);
    }

    private static Timer.Builder timer(String name, String description, Duration[] buckets) {
        return Timer.builder(name).description(description).serviceLevelObjectives(buckets);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
