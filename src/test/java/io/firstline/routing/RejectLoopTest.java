package io.firstline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The only available agent's console rejects every offer it gets, as an auto-rejecting client would, through the real
 * WebSocket and REST API: the contact comes back to them only once each back-off has passed, instead of looping
 * offer/reject with no pause (about 1,800 cycles in 25 s before the back-off).
 */
@TestPropertySource(properties = {"firstline.db.name=firstline_test_reject_loop", "firstline.routing.reject-backoff=2s"})
class RejectLoopTest extends AppTestBase {

    @Test
    void anAutoRejectingOnlyAgentIsOfferedTheContactAgainOnlyAfterEachBackOff() {
        String token = login("agent1");
        setState(token, "available");
        ConsoleSocket console = console(token);
        long contactId = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "anyone there?").get("contactId").asLong();

        Set<String> seen = new HashSet<>();
        List<Instant> offeredAt = new ArrayList<>();
        while (offeredAt.size() < 3) {
            JsonNode offer = console.await(frame -> "offer".equals(frame.path("type").asString())
                    && frame.path("data").path("contactId").asLong() == contactId
                    && !seen.contains(frame.path("data").path("offerId").asString()), Duration.ofSeconds(15));
            String offerId = offer.path("data").path("offerId").asString();
            seen.add(offerId);
            offeredAt.add(Instant.parse(offer.path("at").asString()));
            http.post().uri("/api/v1/offers/" + offerId + "/reject").headers(h -> h.setBearerAuth(token))
                    .exchange().expectStatus().is2xxSuccessful();
        }

        // Server-stamped offers: each new one came at least one back-off after the previous one was made.
        assertThat(Duration.between(offeredAt.get(0), offeredAt.get(1))).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(Duration.between(offeredAt.get(1), offeredAt.get(2))).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        long offerFrames = console.received().stream().filter(f -> "offer".equals(f.path("type").asString())
                && f.path("data").path("contactId").asLong() == contactId).count();
        assertThat(offerFrames).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM contact WHERE id = $1 AND status IN ('received', 'queued', 'offered', 'transferred')",
                contactId)).isEqualTo(1);
    }
}
