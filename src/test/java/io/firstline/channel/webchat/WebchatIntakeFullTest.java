package io.firstline.channel.webchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import io.firstline.support.AppTestBase;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/** When intake cannot take more, the sender is told to retry later and nothing is acknowledged. */
@TestPropertySource(properties = {"firstline.intake.capacity=0", "firstline.intake.retry-after=7s",
        "firstline.db.name=firstline_test_full"})
class WebchatIntakeFullTest extends AppTestBase {

    @Test
    void aFullIntakeAnswersServiceUnavailableWithRetryAfterAndStoresNothing() {
        String visitor = "visitor-" + UUID.randomUUID();
        String id = Webhooks.newId();
        String body = Webhooks.body(visitor, "hello", null);
        long now = Webhooks.now();

        postWebchat("demo", id, now, body, Webhooks.signature(Webhooks.DEMO_SECRET, id, now, body))
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "7")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        assertThat(count("SELECT count(*) FROM message WHERE external_id = $1", id)).isZero();
        assertThat(count("SELECT count(*) FROM customer_identity WHERE handle = $1", "demo:" + visitor)).isZero();
    }
}
