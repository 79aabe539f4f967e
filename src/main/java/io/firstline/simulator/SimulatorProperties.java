package io.firstline.simulator;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code firstline.simulator.*}: the demo traffic generator.
 *
 * @param enabled             whether it runs (the demo profile turns it on)
 * @param ratePerMinute       webhooks posted per minute, all channels together
 * @param channels            wire names of the channels to simulate (webchat, wechat, email, phone)
 * @param baseUrl             the Firstline instance to post to; a port of 0 means this instance's actual port
 * @param account             the channel account on every channel ({@code demo}); its secrets are read from
 *                            {@code firstline.channels.<channel>.accounts.<account>}, which must match the target's
 * @param followUpProbability share of webhooks that are a follow-up from an earlier simulated customer
 * @param concurrency         webhooks in flight at most; ticks beyond it are dropped (and counted)
 * @param requestTimeout      one webhook's connect and response timeout
 * @param startDelay          pause after the server is up before the first webhook
 */
@ConfigurationProperties("firstline.simulator")
record SimulatorProperties(boolean enabled, int ratePerMinute, List<String> channels, String baseUrl, String account,
                                  double followUpProbability, int concurrency, Duration requestTimeout, Duration startDelay) {

    public SimulatorProperties {
        ratePerMinute = ratePerMinute <= 0 ? 12 : ratePerMinute;
        channels = channels == null || channels.isEmpty() ? List.of("webchat", "wechat", "email", "phone") : List.copyOf(channels);
        baseUrl = baseUrl == null ? "" : baseUrl.strip();
        account = account == null || account.isBlank() ? "demo" : account.strip();
        followUpProbability = Math.max(0, Math.min(1, followUpProbability));
        concurrency = concurrency <= 0 ? 16 : concurrency;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
        startDelay = startDelay == null ? Duration.ofSeconds(1) : startDelay;
    }

    /** The pause between two webhooks. */
    Duration period() {
        return Duration.ofNanos(Math.max(1_000_000L, 60_000_000_000L / ratePerMinute));
    }
}
