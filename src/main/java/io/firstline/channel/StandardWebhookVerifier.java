package io.firstline.channel;

import io.firstline.DomainModel;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Standard Webhooks signatures: {@code webhook-signature} holds space-separated
 * {@code v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>} entries, any one of
 * which may match any configured secret (key rotation); secrets are {@code whsec_<base64 key>}.
 */
@DomainModel
public final class StandardWebhookVerifier {

    public enum Verdict { VALID, MISSING_HEADERS, STALE_TIMESTAMP, BAD_SIGNATURE }

    private final TimestampWindow window;

    public StandardWebhookVerifier(Duration tolerance) {
        this.window = new TimestampWindow(tolerance);
    }

    public Verdict verify(List<String> secrets, String id, String timestamp, String signatures, byte[] body, Instant now) {
        if (blank(id) || blank(timestamp) || blank(signatures)) {
            return Verdict.MISSING_HEADERS;
        }
        if (!window.contains(timestamp, now)) {
            return Verdict.STALE_TIMESTAMP;
        }
        for (String secret : secrets) {
            byte[] expected = sign(secret, id, timestamp.trim(), body);
            for (String entry : signatures.trim().split(" +")) {
                int comma = entry.indexOf(',');
                if (comma < 0 || !"v1".equals(entry.substring(0, comma))) {
                    continue;
                }
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(entry.substring(comma + 1));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, given)) {
                    return Verdict.VALID;
                }
            }
        }
        return Verdict.BAD_SIGNATURE;
    }

    /** The raw HMAC for one secret; also used by tests and the demo simulator to sign. */
    public static byte[] sign(String secret, String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code webhook-signature} header value for one secret. */
    public static String signatureHeader(String secret, String id, String timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(sign(secret, id, timestamp, body));
    }

    /** The key a {@code whsec_<base64>} secret holds (a bare base64 key is accepted too). */
    public static byte[] key(String secret) {
        String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }

    /** What every channel's configuration requires of a secret: {@code whsec_} and a base64 key of 16 bytes or more. */
    public static boolean isValidSecret(String secret) {
        if (secret == null || !secret.startsWith("whsec_")) {
            return false;
        }
        try {
            return key(secret).length >= 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
