package io.firstline.platform.metrics;

import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.PrometheusScrape;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** What the scraper sees at /actuator/prometheus after real traffic: the latency timers, refusals and gauges. */
class OperationsMetricsTest extends AppTestBase {

    private PrometheusScrape scrape() {
        return new PrometheusScrape(http.get().uri("/actuator/prometheus")
                .headers(h -> h.setBasicAuth(PrometheusScrape.USER, PrometheusScrape.PASSWORD))
                .exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    @Test
    void aContactFromWebhookToOfferToAcceptToReplyIsTimedAtEveryStep() {
        PrometheusScrape before = scrape();
        String token = login("agent1");
        setState(token, "available");
        ConsoleSocket console = console(token);

        long contactId = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "my bill is wrong")
                .get("contactId").asLong();
        String offerId = console.await(frame("offer", contactId), WAIT).get("data").get("offerId").asString();
        http.post().uri("/api/v1/offers/" + offerId + "/accept").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk();
        // The demo web-chat account has no reply-url: the provider refuses the reply (422), timed as "failed".
        http.post().uri("/api/v1/contacts/" + contactId + "/messages").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "We are on it."))
                .exchange().expectStatus().isEqualTo(422);

        PrometheusScrape after = scrape();
        assertIncreased(before, after, "firstline_webhook_durable_seconds_count", "channel", "webchat");
        assertIncreased(before, after, "firstline_offer_delivery_seconds_count", "channel", "webchat");
        assertIncreased(before, after, "firstline_queue_to_offer_seconds_count", "channel", "webchat");
        assertIncreased(before, after, "firstline_offer_accept_seconds_count", "channel", "webchat");
        assertIncreased(before, after, "firstline_reply_delivery_seconds_count", "channel", "webchat", "outcome", "failed");
        assertThat(after.valueOrZero("firstline_intake_processing_seconds_count", "kind", "batch")
                + after.valueOrZero("firstline_intake_processing_seconds_count", "kind", "single"))
                .isGreaterThan(before.valueOrZero("firstline_intake_processing_seconds_count", "kind", "batch")
                        + before.valueOrZero("firstline_intake_processing_seconds_count", "kind", "single"));
        // SLO buckets, not only a count: the dashboards' histogram_quantile and "share within" queries need them.
        assertThat(after.has("firstline_webhook_durable_seconds_bucket", "channel", "webchat", "le", "0.05")).isTrue();
        assertThat(after.has("firstline_offer_delivery_seconds_bucket", "channel", "webchat", "le", "0.05")).isTrue();
        assertThat(after.has("firstline_queue_to_offer_seconds_bucket", "channel", "webchat", "le", "300.0")).isTrue();
        assertThat(after.has("firstline_offer_accept_seconds_bucket", "channel", "webchat", "le", "20.0")).isTrue();
        assertThat(after.has("firstline_reply_delivery_seconds_bucket", "outcome", "failed", "le", "+Inf")).isTrue();
        // The open console socket and the new contact's deadlines.
        assertThat(after.valueOrZero("firstline_console_sessions")).isGreaterThanOrEqualTo(1);
        assertThat(after.has("firstline_console_session_queue_max_frames")).isTrue();
        assertThat(after.has("firstline_routing_commands_queued")).isTrue();
        // The offer-history backlog the router panel charts; the lines that cannot be written, at 0 before any.
        assertThat(after.has("firstline_routing_history_queued")).isTrue();
        assertThat(after.has("firstline_routing_history_failed_total")).isTrue();
        assertThat(after.valueOrZero("firstline_sla_timers")).isGreaterThanOrEqualTo(1);
        // What the service board and the alerts read: readiness, longest wait and answered-in-time per channel.
        assertThat(after.has("firstline_readiness_up")).isTrue();
        assertThat(after.has("firstline_live_longest_wait_seconds", "channel", "webchat")).isTrue();
        assertThat(after.has("firstline_live_answered_in_time_today", "channel", "webchat")).isTrue();
    }

    @Test
    void aRefusedWebhookIsCountedByChannelAndReason() {
        PrometheusScrape before = scrape();
        String id = Webhooks.newId();
        String body = Webhooks.body("visitor-" + UUID.randomUUID(), "hello", null);
        postWebchat("demo", id, webhookNow(), body, "v1,bm90LXRoZS1zaWduYXR1cmU=").expectStatus().isUnauthorized();
        postWebchat("nobody", id, webhookNow(), body, "v1,bm90LXRoZS1zaWduYXR1cmU=").expectStatus().isNotFound();

        PrometheusScrape after = scrape();
        assertIncreased(before, after, "firstline_webhooks_refused_total", "channel", "webchat", "reason", "unauthorized");
        assertIncreased(before, after, "firstline_webhooks_refused_total", "channel", "webchat", "reason", "unknown_account");
        assertThat(after.has("firstline_webhooks_refused_total", "reason", "accepted")).isFalse();
        // Registered at 0 before any refusal, so rates and alerts see the series from the start.
        assertThat(after.has("firstline_webhooks_refused_total", "channel", "wechat", "reason", "too_large")).isTrue();
    }

    @Test
    void readinessIsExportedAsAGaugeOnceTheAppIsReady() {
        // Evaluated every 5 s from start-up (before the web server took traffic it was 0).
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (scrape().valueOrZero("firstline_readiness_up") != 1.0) {
            assertThat(System.nanoTime()).as("firstline_readiness_up reaches 1 within 20 s").isLessThan(deadline);
            try {
                Thread.sleep(200); // pause between scrapes, bounded by the deadline above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void assertIncreased(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        assertThat(after.value(name, labels)).as(name + " exported").isPresent();
        assertThat(after.valueOrZero(name, labels)).as(name).isGreaterThan(before.valueOrZero(name, labels));
    }
}
