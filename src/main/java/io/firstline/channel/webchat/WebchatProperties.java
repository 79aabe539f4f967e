package io.firstline.channel.webchat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.firstline.channel.StandardWebhookVerifier;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Web-chat accounts ({@code firstline.channels.webchat.*}). Each account has a
 * {@code secret} ({@code whsec_<base64 key>}); during a key rotation
 * {@code previous-secret} is accepted as well; {@code reply-url} receives agents' replies.
 * {@code widget.*} bounds the embeddable chat widget's visitor tokens and {@code /ws/chat} streams.
 */
@ConfigurationProperties("firstline.channels.webchat")
public record WebchatProperties(long maxBodyBytes, Duration timestampTolerance, Widget widget,
                                Map<String, Account> accounts) {

    public WebchatProperties {
        widget = widget == null ? new Widget(null, null, 0, 0, 0) : widget;
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
        accounts.forEach((name, account) -> account.secrets().forEach(secret -> {
            if (!StandardWebhookVerifier.isValidSecret(secret)) {
                throw new IllegalArgumentException("firstline.channels.webchat.accounts." + name
                        + ": a secret must be whsec_ followed by a base64 key of at least 16 bytes");
            }
        }));
    }

    /**
     * @param replyUrl where agents' replies are posted (signed the same way with {@code secret}); without it
     *                 web-chat replies to server-to-server visitors are refused with a clear error (widget
     *                 visitors are answered over /ws/chat and need none)
     * @param allowedOrigins pages (scheme://host[:port]) allowed to embed the widget; empty allows any origin
     */
    public record Account(String secret, String previousSecret, String replyUrl, Set<String> allowedOrigins) {

        public Account {
            allowedOrigins = allowedOrigins == null ? Set.of() : Set.copyOf(allowedOrigins);
        }

        boolean allowsOrigin(String origin) {
            return origin == null || allowedOrigins.isEmpty() || allowedOrigins.contains(origin);
        }

        List<String> secrets() {
            if (secret == null) {
                return List.of();
            }
            return previousSecret == null || previousSecret.isBlank() ? List.of(secret) : List.of(secret, previousSecret);
        }
    }

    /**
     * @param visitorTokenTtl   how long a visitor token opens /ws/chat
     * @param visitorRenewWithin an expired visitor token can be renewed (same visitor, same conversation) this long
     *                          after it expired
     * @param resumeBuffer      frames kept per conversation for {@code ?resumeAfter=<seq>}
     * @param sessionQueue      frames waiting to be written to one visitor socket; a slower socket is closed and resumes
     * @param maxConversations  idle conversations (no socket open) kept in memory; the oldest idle ones go first
     */
    public record Widget(Duration visitorTokenTtl, Duration visitorRenewWithin, int resumeBuffer, int sessionQueue,
                         int maxConversations) {

        public Widget {
            visitorTokenTtl = visitorTokenTtl == null ? Duration.ofHours(24) : visitorTokenTtl;
            visitorRenewWithin = visitorRenewWithin == null ? Duration.ofDays(30) : visitorRenewWithin;
            resumeBuffer = resumeBuffer <= 0 ? 200 : resumeBuffer;
            sessionQueue = sessionQueue <= 0 ? 256 : sessionQueue;
            maxConversations = maxConversations <= 0 ? 10_000 : maxConversations;
        }
    }
}
