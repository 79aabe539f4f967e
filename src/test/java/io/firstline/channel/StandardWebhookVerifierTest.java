package io.firstline.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import io.firstline.channel.StandardWebhookVerifier.Verdict;
import org.junit.jupiter.api.Test;

class StandardWebhookVerifierTest {

    // Test vector from the Standard Webhooks specification's reference libraries.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String TIMESTAMP = "1614265330";
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Instant AT_TIMESTAMP = Instant.ofEpochSecond(1614265330);

    private final StandardWebhookVerifier verifier = new StandardWebhookVerifier(Duration.ofMinutes(5));

    @Test
    void acceptsTheSpecificationsTestVector() {
        assertThat(StandardWebhookVerifier.signatureHeader(SECRET, ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
        assertThat(verifier.verify(List.of(SECRET), ID, TIMESTAMP, SIGNATURE, BODY, AT_TIMESTAMP)).isEqualTo(Verdict.VALID);
    }

    @Test
    void acceptsWhenAnyListedSignatureMatchesAnyConfiguredSecret() {
        String other = "whsec_" + java.util.Base64.getEncoder().encodeToString("another key of some length".getBytes());
        String header = "v1,bm90IGEgc2lnbmF0dXJl " + SIGNATURE;
        assertThat(verifier.verify(List.of(other, SECRET), ID, TIMESTAMP, header, BODY, AT_TIMESTAMP)).isEqualTo(Verdict.VALID);
    }

    @Test
    void refusesAChangedBodyOrId() {
        byte[] changed = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertThat(verifier.verify(List.of(SECRET), ID, TIMESTAMP, SIGNATURE, changed, AT_TIMESTAMP)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(verifier.verify(List.of(SECRET), ID + "x", TIMESTAMP, SIGNATURE, BODY, AT_TIMESTAMP)).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void refusesTimestampsMoreThanTheToleranceAwayEitherWay() {
        assertThat(verifier.verify(List.of(SECRET), ID, TIMESTAMP, SIGNATURE, BODY, AT_TIMESTAMP.plusSeconds(300))).isEqualTo(Verdict.VALID);
        assertThat(verifier.verify(List.of(SECRET), ID, TIMESTAMP, SIGNATURE, BODY, AT_TIMESTAMP.plusSeconds(301))).isEqualTo(Verdict.STALE_TIMESTAMP);
        assertThat(verifier.verify(List.of(SECRET), ID, TIMESTAMP, SIGNATURE, BODY, AT_TIMESTAMP.minusSeconds(301))).isEqualTo(Verdict.STALE_TIMESTAMP);
        assertThat(verifier.verify(List.of(SECRET), ID, "yesterday", SIGNATURE, BODY, AT_TIMESTAMP)).isEqualTo(Verdict.STALE_TIMESTAMP);
    }

    @Test
    void refusesMissingHeadersAndUnknownSchemes() {
        assertThat(verifier.verify(List.of(SECRET), null, TIMESTAMP, SIGNATURE, BODY, AT_TIMESTAMP)).isEqualTo(Verdict.MISSING_HEADERS);
        assertThat(verifier.verify(List.of(SECRET), ID, TIMESTAMP, " ", BODY, AT_TIMESTAMP)).isEqualTo(Verdict.MISSING_HEADERS);
        assertThat(verifier.verify(List.of(SECRET), ID, TIMESTAMP, SIGNATURE.replace("v1,", "v2,"), BODY, AT_TIMESTAMP))
                .isEqualTo(Verdict.BAD_SIGNATURE);
    }
}
