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

    /** A contact queued for routing (at intake commit) until its offer frame is written on an agent's /ws/console. */
    public static Timer.Builder offerDelivery(String channel) {
        return timer("firstline.offer.delivery", "Contact queued until its offer frame is written on /ws/console", FAST)
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
