package io.firstline.web;

import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** A contact transferred to a queue waits there for the next agent; its first responder stays. */
@TestPropertySource(properties = "firstline.db.name=firstline_test_pages")
class TransferTest extends AppTestBase {

    @Test
    void aContactTransferredToAQueueIsOfferedToAnotherAgentAndKeepsItsFirstResponder() {
        String first = login("agent1");
        setState(first, "available");
        ConsoleSocket firstConsole = console(first);
        long id = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "my meter is broken").get("contactId").asLong();
        String offerId = firstConsole.await(frame("offer", id), WAIT).get("data").get("offerId").asString();
        http.post().uri("/api/v1/offers/" + offerId + "/accept").headers(h -> h.setBearerAuth(first)).exchange().expectStatus().isOk();
        setState(first, "break");

        String second = login("agent3");
        ConsoleSocket secondConsole = console(second);
        setState(second, "available");
        http.post().uri("/api/v1/contacts/" + id + "/transfer").headers(h -> h.setBearerAuth(first))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("queue", "webchat"))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("transferred").jsonPath("$.assignee").doesNotExist()
                .jsonPath("$.firstResponder.id").isEqualTo(agentId("agent1"));

        String next = secondConsole.await(frame("offer", id), WAIT).get("data").get("offerId").asString();
        http.post().uri("/api/v1/offers/" + next + "/accept").headers(h -> h.setBearerAuth(second)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.assignee.id").isEqualTo(agentId("agent3"))
                .jsonPath("$.firstResponder.id").isEqualTo(agentId("agent1"));
    }

    @Test
    void theTransferPickerListsEveryQueueWithWhoCanTakeItAndEveryOtherAgentWithTheirState() {
        String first = login("agent1");
        setState(first, "available");
        setState(login("agent3"), "available");

        JsonNode targets = http.get().uri("/api/v1/transfer-targets").headers(h -> h.setBearerAuth(first)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();

        List<String> agents = new ArrayList<>();
        targets.get("agents").forEach(agent -> agents.add(agent.get("username").asString()));
        assertThat(agents).contains("agent2", "agent3", "agent4").doesNotContain("agent1", "supervisor1");
        JsonNode agent3 = find(targets.get("agents"), "username", "agent3");
        assertThat(agent3.get("state").asString()).isEqualTo("available");
        assertThat(find(targets.get("agents"), "username", "agent2").get("state").asString()).isEqualTo("offline");
        // Every demo agent answers web chat; only agent1 and agent3 are available (each test starts with all offline).
        JsonNode webchat = find(targets.get("queues"), "code", "webchat");
        assertThat(webchat.get("availableAgents").asLong()).isEqualTo(2);
        assertThat(webchat.get("name").asString()).isEqualTo("Web chat");
        assertThat(find(targets.get("queues"), "code", "visit").get("availableAgents").asLong()).isZero();

        setState(login("agent3"), "offline");
        http.get().uri("/api/v1/transfer-targets").headers(h -> h.setBearerAuth(first)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.agents[?(@.username == 'agent3')].state").isEqualTo("offline");
        http.get().uri("/api/v1/transfer-targets").exchange().expectStatus().isUnauthorized();
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (value.equals(node.path(field).asString())) {
                return node;
            }
        }
        throw new AssertionError(field + " " + value + " not in " + array);
    }

    @Test
    void onlyTheAssigneeTransfersAndTheTargetMustBeNamed() {
        String first = login("agent1");
        setState(first, "available");
        ConsoleSocket console = console(first);
        long id = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "hello").get("contactId").asLong();
        String offerId = console.await(frame("offer", id), WAIT).get("data").get("offerId").asString();
        http.post().uri("/api/v1/offers/" + offerId + "/accept").headers(h -> h.setBearerAuth(first)).exchange().expectStatus().isOk();

        String other = login("agent2");
        http.post().uri("/api/v1/contacts/" + id + "/transfer").headers(h -> h.setBearerAuth(other))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("agent", "agent4"))
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").isEqualTo("only the assignee may transfer this contact");
        // Its own assignee cannot transfer it to themselves: a wrong move, not a matter of rights.
        http.post().uri("/api/v1/contacts/" + id + "/transfer").headers(h -> h.setBearerAuth(first))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("agent", "agent1"))
                .exchange().expectStatus().isEqualTo(409);
        http.post().uri("/api/v1/contacts/" + id + "/transfer").headers(h -> h.setBearerAuth(first))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of())
                .exchange().expectStatus().isBadRequest();
        http.post().uri("/api/v1/contacts/" + id + "/transfer").headers(h -> h.setBearerAuth(first))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("queue", "nowhere"))
                .exchange().expectStatus().isNotFound();
        assertThat(count("SELECT assignee_id FROM contact WHERE id = $1", id)).isEqualTo(agentId("agent1"));
    }
}
