package io.firstline.channel.phone;

import java.time.Duration;
import java.util.Map;
import io.firstline.channel.StandardWebhookVerifier;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Phone accounts ({@code firstline.channels.phone.*}). Per account: the Twilio {@code auth-token}
 * ({@code X-Twilio-Signature}), the Standard Webhooks {@code secret} (generic JSON call events and the
 * signed callbacks), the {@code public-url} Twilio calls us at, and the generic form's {@code callback-url}.
 */
@ConfigurationProperties("firstline.channels.phone")
public record PhoneProperties(long maxBodyBytes, Duration timestampTolerance, Duration shortAbandon,
                              Duration serviceLevelThreshold, String queueName, Duration callbackTimeout,
                              int callbackAttempts, Map<String, Account> accounts) {

    public PhoneProperties {
        maxBodyBytes = maxBodyBytes <= 0 ? 65_536 : maxBodyBytes;
        timestampTolerance = timestampTolerance == null ? Duration.ofMinutes(5) : timestampTolerance;
        shortAbandon = shortAbandon == null ? Duration.ofSeconds(5) : shortAbandon;
        serviceLevelThreshold = serviceLevelThreshold == null ? Duration.ofSeconds(20) : serviceLevelThreshold;
        queueName = queueName == null || queueName.isBlank() ? "support" : queueName;
        callbackTimeout = callbackTimeout == null ? Duration.ofSeconds(5) : callbackTimeout;
        callbackAttempts = callbackAttempts <= 0 ? 3 : callbackAttempts;
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
        accounts.forEach((name, account) -> {
            if (account.secret() != null && !StandardWebhookVerifier.isValidSecret(account.secret())) {
                throw new IllegalArgumentException("firstline.channels.phone.accounts." + name
                        + ".secret must be whsec_ followed by a base64 key of at least 16 bytes");
            }
            if (account.authToken() != null && (account.publicUrl() == null || account.publicUrl().isBlank())) {
                throw new IllegalArgumentException("firstline.channels.phone.accounts." + name
                        + ".public-url is required with an auth-token: Twilio signs the URL it calls");
            }
        });
    }

    /**
     * @param publicUrl   scheme://host[:port] (no trailing slash needed) at which the provider reaches this app
     * @param callbackUrl generic form only: receives the signed {@code {"callId","agentId","extension"}}
     */
    public record Account(String authToken, String secret, String publicUrl, String callbackUrl) {

        /** The public base URL without a trailing slash. */
        String base() {
            String url = publicUrl == null ? "" : publicUrl.strip();
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }

        /**
         * {@link #base()}, with a port of 0 (the demo's {@code http://localhost:${server.port}} when the app was started
         * on a random port) replaced by {@code localPort}, the port this instance actually listens on.
         */
        public String base(int localPort) {
            String url = base();
            java.util.regex.Matcher zero = ZERO_PORT.matcher(url);
            return zero.find() ? url.substring(0, zero.start(1)) + localPort + url.substring(zero.end(1)) : url;
        }

        private static final java.util.regex.Pattern ZERO_PORT = java.util.regex.Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*:(0)(?=$|[/?#])");
    }
}
