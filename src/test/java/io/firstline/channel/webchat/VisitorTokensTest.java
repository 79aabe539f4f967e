package io.firstline.channel.webchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Visitor tokens name one account and one visitor, and only that account's key makes them. */
class VisitorTokensTest {

    static final String DEMO = "whsec_Zmlyc3RsaW5lLWRlbW8td2ViY2hhdC1zZWNyZXQtMzI=";
    static final String OTHER = "whsec_b3RoZXItYWNjb3VudC1zZWNyZXQtMTIzNDU2Nzg5MA==";

    private static VisitorTokens tokens(Instant now, Map<String, WebchatProperties.Account> accounts) {
        var widget = new WebchatProperties.Widget(Duration.ofHours(1), Duration.ofDays(1), 0, 0, 0);
        return new VisitorTokens(new WebchatProperties(65536, Duration.ofMinutes(5), widget, accounts),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static WebchatProperties.Account account(String secret, String previous) {
        return new WebchatProperties.Account(secret, previous, null, Set.of());
    }

    @Test
    void aTokenOpensItsOwnAccountUntilItExpiresAndCanBeRenewedForAWhileAfter() {
        Instant now = Instant.parse("2026-05-01T10:00:00Z");
        var accounts = Map.of("demo", account(DEMO, null), "other", account(OTHER, null));
        VisitorTokens.Issued issued = tokens(now, accounts).issue("demo", null);
        assertThat(issued.visitor().visitorId()).startsWith(VisitorTokens.VISITOR_PREFIX);
        assertThat(tokens(now.plusSeconds(3599), accounts).verify(issued.token())).contains(issued.visitor());
        assertThat(tokens(now.plusSeconds(3600), accounts).verify(issued.token())).isEmpty();
        assertThat(tokens(now.plus(Duration.ofHours(20)), accounts).issue("demo", issued.token()).visitor().visitorId())
                .isEqualTo(issued.visitor().visitorId());
        assertThat(tokens(now.plus(Duration.ofDays(2)), accounts).issue("demo", issued.token()).visitor().visitorId())
                .isNotEqualTo(issued.visitor().visitorId());
        assertThat(tokens(now, accounts).issue("other", issued.token()).visitor().visitorId())
                .isNotEqualTo(issued.visitor().visitorId());
    }

    @Test
    void aTokenSignedWithAnotherKeyOrTamperedWithIsRefused() {
        Instant now = Instant.parse("2026-05-01T10:00:00Z");
        String forged = tokens(now, Map.of("demo", account(OTHER, null))).issue("demo", null).token();
        VisitorTokens demo = tokens(now, Map.of("demo", account(DEMO, null)));
        assertThat(demo.verify(forged)).isEmpty();
        String real = demo.issue("demo", null).token();
        String[] parts = real.split("\\.");
        assertThat(demo.verify(parts[0] + "." + parts[1] + "x." + parts[2])).isEmpty();
        assertThat(demo.verify(parts[0] + "." + parts[1] + ".")).isEmpty();
        assertThat(demo.verify("eyJhbGciOiJub25lIn0." + parts[1] + ".")).isEmpty();
    }

    @Test
    void duringAKeyRotationTokensMadeWithThePreviousSecretStillOpen() {
        Instant now = Instant.parse("2026-05-01T10:00:00Z");
        String before = tokens(now, Map.of("demo", account(OTHER, null))).issue("demo", null).token();
        assertThat(tokens(now, Map.of("demo", account(DEMO, OTHER))).verify(before)).isPresent();
    }
}
