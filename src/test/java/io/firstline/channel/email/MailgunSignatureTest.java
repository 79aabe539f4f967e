package io.firstline.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Mailgun's algorithm: hex HMAC-SHA256(signing key, timestamp + token). Vectors computed with Python's hmac module. */
class MailgunSignatureTest {

    private static final String KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0";
    private static final String TIMESTAMP = "1529006854";
    private static final String TOKEN = "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0";
    private static final String SIGNATURE = "b63c0701c4f4b614f272106a1b367c5c3369bcdca664ae73ebd52787e45eef07";

    private final MailgunSignature mailgun = new MailgunSignature(Duration.ofMinutes(5));
    private final Instant then = Instant.ofEpochSecond(1529006854L + 30);

    @Test
    void signsLikeAnIndependentImplementation() {
        assertThat(MailgunSignature.sign(KEY, TIMESTAMP, TOKEN)).isEqualTo(SIGNATURE);
        assertThat(MailgunSignature.sign("key-firstline-demo-mailgun-signing-key", "1767600000",
                "0f5d1e2a8b3c4d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f"))
                .isEqualTo("586b1ef981b596aec4bc8381f2b70041dab83d0a2b348d2f1513c77eca0d55bd");
    }

    @Test
    void aMatchingSignatureIsValidInEitherCase() {
        assertThat(mailgun.verify(KEY, TIMESTAMP, TOKEN, SIGNATURE, then)).isEqualTo(MailgunSignature.Verdict.VALID);
        assertThat(mailgun.verify(KEY, TIMESTAMP, TOKEN, SIGNATURE.toUpperCase(), then)).isEqualTo(MailgunSignature.Verdict.VALID);
    }

    @Test
    void anotherKeyTokenOrTimestampDoesNotMatch() {
        assertThat(mailgun.verify("key-other", TIMESTAMP, TOKEN, SIGNATURE, then)).isEqualTo(MailgunSignature.Verdict.BAD_SIGNATURE);
        assertThat(mailgun.verify(KEY, TIMESTAMP, TOKEN + "x", SIGNATURE, then)).isEqualTo(MailgunSignature.Verdict.BAD_SIGNATURE);
        assertThat(mailgun.verify(KEY, "1529006855", TOKEN, SIGNATURE, then)).isEqualTo(MailgunSignature.Verdict.BAD_SIGNATURE);
        assertThat(mailgun.verify(KEY, TIMESTAMP, TOKEN, "00" + SIGNATURE.substring(2), then))
                .isEqualTo(MailgunSignature.Verdict.BAD_SIGNATURE);
    }

    @Test
    void aTimestampMoreThanFiveMinutesAwayIsStale() {
        assertThat(mailgun.verify(KEY, TIMESTAMP, TOKEN, SIGNATURE, Instant.ofEpochSecond(1529006854L + 301)))
                .isEqualTo(MailgunSignature.Verdict.STALE_TIMESTAMP);
        assertThat(mailgun.verify(KEY, TIMESTAMP, TOKEN, SIGNATURE, Instant.ofEpochSecond(1529006854L - 301)))
                .isEqualTo(MailgunSignature.Verdict.STALE_TIMESTAMP);
        assertThat(mailgun.verify(KEY, "yesterday", TOKEN, SIGNATURE, then)).isEqualTo(MailgunSignature.Verdict.STALE_TIMESTAMP);
    }

    @Test
    void missingFieldsAreNamed() {
        assertThat(mailgun.verify(KEY, null, TOKEN, SIGNATURE, then)).isEqualTo(MailgunSignature.Verdict.MISSING_FIELDS);
        assertThat(mailgun.verify(KEY, TIMESTAMP, "", SIGNATURE, then)).isEqualTo(MailgunSignature.Verdict.MISSING_FIELDS);
        assertThat(mailgun.verify(KEY, TIMESTAMP, TOKEN, null, then)).isEqualTo(MailgunSignature.Verdict.MISSING_FIELDS);
    }
}
