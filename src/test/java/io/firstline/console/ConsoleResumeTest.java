package io.firstline.console;

import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A console that lost its socket gets exactly the frames it missed when it reconnects. */
class ConsoleResumeTest extends AppTestBase {

    @Test
    void reconnectingWithResumeAfterDeliversTheMissedOfferOnce() {
        String token = login("agent3");
        setState(token, "available");
        ConsoleSocket firstTab = console(token);
        String epoch = firstTab.await("hello", WAIT).get("data").get("epoch").asString();
        ConsoleSocket secondTab = console(token);

        long first = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "first").get("contactId").asLong();
        long lastSeen = firstTab.await(frame("offer", first), WAIT).get("seq").asLong();
        firstTab.close();

        long second = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "second").get("contactId").asLong();
        JsonNode missed = secondTab.await(frame("offer", second), WAIT);

        ConsoleSocket resumed = console(token, "?resumeAfter=" + lastSeen + "&epoch=" + epoch);
        JsonNode hello = resumed.await("hello", WAIT);
        assertThat(hello.get("data").get("resumed").asBoolean()).isTrue();
        JsonNode replayed = resumed.await(frame("offer", second), WAIT);
        assertThat(replayed.get("seq").asLong()).isEqualTo(missed.get("seq").asLong());
        assertThat(replayed.get("data").get("offerId").asString()).isEqualTo(missed.get("data").get("offerId").asString());
        // Nothing the first connection already showed comes again: every replayed frame is newer.
        assertThat(resumed.received()).filteredOn(f -> !"hello".equals(f.get("type").asString()))
                .allMatch(f -> f.get("seq").asLong() > lastSeen);
    }

    @Test
    void reconnectingWithoutResumeGetsOutstandingOffersInTheHelloSnapshot() {
        String token = login("agent4");
        setState(token, "available");
        ConsoleSocket tab = console(token);
        long contactId = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "are you there").get("contactId").asLong();
        String offerId = tab.await(frame("offer", contactId), WAIT).get("data").get("offerId").asString();
        tab.close();

        JsonNode hello = console(token).await("hello", WAIT);

        assertThat(hello.get("data").get("offers")).anyMatch(offer -> offer.get("offerId").asString().equals(offerId));
        assertThat(hello.get("data").get("serverTime").asString()).isNotBlank();
    }
}
