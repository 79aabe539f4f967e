package io.firstline.channel.email;

import java.time.Duration;
import java.util.Map;
import io.firstline.channel.StandardWebhookVerifier;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * E-mail accounts ({@code firstline.channels.email.*}). Per account: the Mailgun
 * {@code signing-key} (form posts), the Standard Webhooks {@code secret} (raw MIME posts; it also
 * keys the plus-address contact tokens), and the SMTP server and {@code from-address} replies go out with.
 */
@ConfigurationProperties("firstline.channels.email")
public record EmailProperties(long maxBodyBytes, Duration timestampTolerance, int maxAttachments,
                              long maxAttachmentBytes, int maxTextChars, Duration sendTimeout, int smtpThreads,
                              int smtpQueue, Map<String, Account> accounts) {

    public EmailProperties {
        maxBodyBytes = maxBodyBytes <= 0 ? 10 * 1024 * 1024 : maxBodyBytes;
        timestampTolerance = timestampTolerance == null ? Duration.ofMinutes(5) : timestampTolerance;
        maxAttachments = maxAttachments < 0 ? 10 : maxAttachments;
        maxAttachmentBytes = maxAttachmentBytes <= 0 ? 5 * 1024 * 1024 : maxAttachmentBytes;
        maxTextChars = maxTextChars <= 0 ? 100_000 : maxTextChars;
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(30) : sendTimeout;
        smtpThreads = smtpThreads <= 0 ? 8 : smtpThreads;
        smtpQueue = smtpQueue <= 0 ? 1000 : smtpQueue;
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
        accounts.forEach((name, account) -> {
            if (account.secret() != null && !StandardWebhookVerifier.isValidSecret(account.secret())) {
                throw new IllegalArgumentException("firstline.channels.email.accounts." + name
                        + ".secret must be whsec_ followed by a base64 key of at least 16 bytes");
            }
        });
    }

    /**
     * One mailbox. {@code smtp-username}, {@code smtp-password} and {@code smtp-starttls} are optional
     * (an authenticated relay such as Mailgun's own SMTP needs them).
     */
    public record Account(String signingKey, String secret, String smtpHost, Integer smtpPort, String fromAddress,
                          String smtpUsername, String smtpPassword, Boolean smtpStarttls) {

        int port() {
            return smtpPort == null ? 25 : smtpPort;
        }

        boolean starttls() {
            return Boolean.TRUE.equals(smtpStarttls);
        }
    }
}
