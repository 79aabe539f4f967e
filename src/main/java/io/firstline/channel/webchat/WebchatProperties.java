package io.firstline.channel.webchat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Web-chat accounts ({@code firstline.channels.webchat.*}). Each account has a
 * {@code secret} ({@code whsec_<base64 key>}); during a key rotation
 * {@code previous-secret} is accepted as well.
 */
@ConfigurationProperties("firstline.channels.webchat")
public record WebchatProperties(long maxBodyBytes, Duration timestampTolerance, Map<String, Account> accounts) {

    public WebchatProperties {
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
    }

    public record Account(String secret, String previousSecret) {

        List<String> secrets() {
            return previousSecret == null || previousSecret.isBlank() ? List.of(secret) : List.of(secret, previousSecret);
        }
    }
}
