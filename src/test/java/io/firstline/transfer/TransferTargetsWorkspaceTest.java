package io.firstline.transfer;

import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/** Queue codes are unique per workspace: a transfer finds the queue of the caller's workspace, never another's. */
@TestPropertySource(properties = "firstline.db.name=firstline_test_queue_capacity")
class TransferTargetsWorkspaceTest extends AppTestBase {

    @BeforeEach
    void anotherWorkspaceWithAWebchatQueueOfItsOwn() {
        db.sql("INSERT INTO workspace (code, name) VALUES ('other_ws', 'Another workspace') ON CONFLICT (code) DO NOTHING")
                .then().block(WAIT);
        db.sql("""
                INSERT INTO queue (workspace_id, code, name, channel, skill)
                SELECT w.id, q.code, q.name, 'webchat', 'nobody_here' FROM workspace w,
                    (VALUES ('webchat', 'Their web chat'), ('theirs_only', 'Theirs only')) AS q (code, name)
                WHERE w.code = 'other_ws' ON CONFLICT (workspace_id, code) DO NOTHING""").then().block(WAIT);
    }

    @AfterEach
    void removeTheOtherWorkspace() {
        db.sql("DELETE FROM queue WHERE workspace_id = (SELECT id FROM workspace WHERE code = 'other_ws')").then().block(WAIT);
        db.sql("DELETE FROM workspace WHERE code = 'other_ws'").then().block(WAIT);
    }

    @Test
    void aTransferGoesToTheQueueOfTheCallersWorkspaceNotAnotherWorkspacesOfTheSameCode() {
        String first = login("agent1");
        setState(first, "available");
        ConsoleSocket console = console(first);
        long id = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "please pass me on").get("contactId").asLong();
        String offerId = console.await(frame("offer", id), WAIT).get("data").get("offerId").asString();
        http.post().uri("/api/v1/offers/" + offerId + "/accept").headers(h -> h.setBearerAuth(first)).exchange().expectStatus().isOk();
        setState(first, "break");

        // Only the other workspace has this queue: for this caller it does not exist.
        http.post().uri("/api/v1/contacts/" + id + "/transfer").headers(h -> h.setBearerAuth(first))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("queue", "theirs_only"))
                .exchange().expectStatus().isNotFound();
        assertThat(count("SELECT assignee_id FROM contact WHERE id = $1", id)).isEqualTo(agentId("agent1"));
        http.get().uri("/api/v1/transfer-targets").headers(h -> h.setBearerAuth(first)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.queues[?(@.code == 'theirs_only')]").isEmpty()
                .jsonPath("$.queues[?(@.code == 'webchat')].name").isEqualTo("Web chat");

        // Both workspaces have a "webchat" queue: the contact waits in this workspace's, with its skill.
        String second = login("agent3");
        ConsoleSocket secondConsole = console(second);
        setState(second, "available");
        http.post().uri("/api/v1/contacts/" + id + "/transfer").headers(h -> h.setBearerAuth(first))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("queue", "webchat"))
                .exchange().expectStatus().isOk();
        secondConsole.await(frame("offer", id), WAIT);
        assertThat(count("""
                SELECT count(*) FROM contact c JOIN queue q ON q.id = c.queue_id JOIN workspace w ON w.id = q.workspace_id
                WHERE c.id = $1 AND w.code <> 'other_ws' AND q.code = 'webchat'""", id)).isOne();
    }
}
