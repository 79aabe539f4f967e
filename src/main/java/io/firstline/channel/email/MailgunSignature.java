package io.firstline.channel.email;

import io.firstline.DomainModel;
import io.firstline.channel.TimestampWindow;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mailgun's webhook signature: {@code signature} = hex HMAC-SHA256(signing key, timestamp + token),
 * compared in constant time; the timestamp must be within the tolerance of the server's clock.
 * Replayed tokens are refused by the caller, which remembers the tokens it has seen.
 */
@DomainModel
public final class MailgunSignature {

    public enum Verdict { VALID, MISSING_FIELDS, STALE_TIMESTAMP, BAD_SIGNATURE }

    private final TimestampWindow window;

    public MailgunSignature(Duration tolerance) {
        this.window = new TimestampWindow(tolerance);
    }

    public Verdict verify(String signingKey, String timestamp, String token, String signature, Instant now) {
        if (blank(timestamp) || blank(token) || blank(signature)) {
            return Verdict.MISSING_FIELDS;
        }
        if (!window.contains(timestamp, now)) {
            return Verdict.STALE_TIMESTAMP;
        }
        byte[] expected = sign(signingKey, timestamp.trim(), token).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Verdict.VALID : Verdict.BAD_SIGNATURE;
    }

    /** Lower-case hex HMAC-SHA256(signing key, timestamp + token), as Mailgun computes it. */
    public static String sign(String signingKey, String timestamp, String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + token).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
