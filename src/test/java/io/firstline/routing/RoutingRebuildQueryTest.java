package io.firstline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import io.firstline.contact.Contacts;
import io.firstline.contact.DeadlineView;
import io.firstline.support.AppTestBase;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The router's start-up rebuild reads the deadlines of all waiting contacts in one query: it must give each waiting
 * contact exactly the deadlines the per-contact query gives, and nothing for contacts that no longer wait.
 */
@TestPropertySource(properties = "firstline.db.name=firstline_test_rebuild")
class RoutingRebuildQueryTest extends AppTestBase {

    @Autowired
    Contacts contacts;

    @Autowired
    io.firstline.platform.WorkspaceDirectory workspace;

    @Test
    void theWaitingContactsDeadlinesInOneQueryAreThoseOfEachContact() {
        // No agent is available: both contacts wait.
        long complaint = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "我要投诉: the bill is wrong again")
                .get("contactId").asLong();
        long inquiry = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "hello there").get("contactId").asLong();
        long closed = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "a repair: 漏水").get("contactId").asLong();
        db.sql("UPDATE contact SET status = 'closed' WHERE id = $1").bind(0, closed).then().block(WAIT);

        Map<Long, Map<String, Instant>> all = contacts.waitingDeadlines(workspace.id().block(WAIT)).block(WAIT);
        List<Long> waiting = contacts.waiting(workspace.id().block(WAIT)).map(Contacts.WaitingRow::contactId).collectList().block(WAIT);

        assertThat(waiting).contains(complaint, inquiry).doesNotContain(closed);
        assertThat(all).doesNotContainKey(closed);
        assertThat(all.get(complaint)).containsOnlyKeys("acknowledge", "investigate", "reply", "resolve");
        for (long id : waiting) {
            Map<String, Instant> one = contacts.deadlines(id).block(WAIT).stream()
                    .collect(Collectors.toMap(DeadlineView::name, DeadlineView::dueAt));
            assertThat(all.getOrDefault(id, Map.of())).as("contact %d", id).isEqualTo(one);
        }
    }
}
