package io.firstline.channel.webchat;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Web-chat accounts ({@code firstline.channels.webchat.*}). Each account has a
 * {@code secret} ({@code whsec_<base64 key>}); during a key rotation
 * {@code previous-secret} is accepted as well; {@code reply-url} receives agents' replies.
 */
@ConfigurationProperties("firstline.channels.webchat")
public record WebchatProperties(long maxBodyBytes, Duration timestampTolerance, Map<String, Account> accounts) {

    public WebchatProperties {
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
        accounts.forEach((name, account) -> account.secrets().forEach(secret -> {
            if (!validSecret(secret)) {
                throw new IllegalArgumentException("firstline.channels.webchat.accounts." + name
                        + ": a secret must be whsec_ followed by a base64 key of at least 16 bytes");
            }
        }));
    }

    private static boolean validSecret(String secret) {
        if (secret == null || !secret.startsWith("whsec_")) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(secret.substring("whsec_".length())).length >= 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * @param replyUrl where agents' replies are posted (signed the same way with {@code secret}); without it
     *                 web-chat replies are refused with a clear error
     */
    public record Account(String secret, String previousSecret, String replyUrl) {

        List<String> secrets() {
            if (secret == null) {
                return List.of();
            }
            return previousSecret == null || previousSecret.isBlank() ? List.of(secret) : List.of(secret, previousSecret);
        }
    }
}
