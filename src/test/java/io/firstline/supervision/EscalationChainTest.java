package io.firstline.supervision;

import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import io.firstline.support.ShiftedClock;
import io.firstline.support.Webhooks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * The escalation chain (DOMAIN §2, §4): a breach goes to the supervisor of the agent who holds the contact (the
 * reporting line an admin sets), then to the managers; a pending second level survives a restart and fires once.
 * The app's clock is moved on by hours, nothing waits for them.
 */
@TestPropertySource(properties = "firstline.db.name=firstline_test_escalation")
@Import(EscalationChainTest.Movable.class)
class EscalationChainTest extends AppTestBase {

    @TestConfiguration
    static class Movable {
        @Bean
        @Primary
        ShiftedClock movableClock() {
            return new ShiftedClock(Duration.ZERO);
        }
    }

    @Autowired
    ShiftedClock clock;
    @Autowired
    Supervision supervision;

    @Override
    protected long webhookNow() {
        return clock.instant().getEpochSecond();
    }

    @BeforeEach
    void aSecondSupervisor() {
        db.sql("""
                        INSERT INTO agent (workspace_id, username, display_name, password_hash, role)
                        SELECT workspace_id, 'supervisor2', 'Supervisor Two', password_hash, 'supervisor' FROM agent
                        WHERE username = 'supervisor1' ON CONFLICT (workspace_id, username) DO NOTHING""").then().block(WAIT);
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec line(String token, String agent, Object supervisor) {
        return http.put().uri("/api/v1/agents/" + agent + "/supervisor").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(java.util.Collections.singletonMap("supervisor", supervisor))
                .exchange();
    }

    @Test
    void anAdminSetsReportingLinesThatAreValidated() {
        String admin = login("admin");
        line(login("supervisor1"), "agent2", "supervisor2").expectStatus().isForbidden();
        line(admin, "agent2", "agent1").expectStatus().isBadRequest().expectBody().jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("must be a supervisor or a manager"));
        line(admin, "agent2", "agent2").expectStatus().isBadRequest();
        line(admin, "agent2", "nobody").expectStatus().isBadRequest();
        line(admin, "ghost", "supervisor2").expectStatus().isNotFound();

        line(admin, "agent2", "supervisor2").expectStatus().isOk().expectBody().jsonPath("$.supervisor").isEqualTo("supervisor2");
        line(admin, "supervisor2", "manager1").expectStatus().isOk();
        line(admin, "manager1", "supervisor2").expectStatus().isBadRequest().expectBody().jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("loop"));
        http.get().uri("/api/v1/agents/reporting-lines").headers(h -> h.setBearerAuth(login("supervisor1"))).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$[?(@.username == 'agent2')].supervisor").isEqualTo("supervisor2");
        http.get().uri("/api/v1/agents/reporting-lines").headers(h -> h.setBearerAuth(login("agent1"))).exchange()
                .expectStatus().isForbidden();
        line(admin, "agent2", null).expectStatus().isOk().expectBody().jsonPath("$.supervisor").doesNotExist();
    }

    @Test
    void aBreachGoesToTheAgentsOwnSupervisorThenToTheManagersAndAPendingEscalationSurvivesARestart() {
        line(login("admin"), "agent3", "supervisor2").expectStatus().isOk();
        String token = login("agent3");
        setState(token, "available");
        ConsoleSocket agent = console(token);
        ConsoleSocket own = console(login("supervisor2"));
        ConsoleSocket other = console(login("supervisor1"));
        ConsoleSocket manager = console(login("manager1"));
        long id = sendWebchat(Webhooks.newId(), "visitor-" + UUID.randomUUID(), "投诉: the parking barrier hit my car")
                .get("contactId").asLong();
        String offerId = agent.await(frame("offer", id), WAIT).get("data").get("offerId").asString();
        http.post().uri("/api/v1/offers/" + offerId + "/accept").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();

        clock.advance(Duration.ofHours(25)); // acknowledge (24 h) breaches

        // (Other steps, counted in working days, may breach in these hours too: each is escalated the same way.)
        own.await(f -> frame("contact.escalated", id).test(f) && f.path("data").path("level").asInt() == 1
                && f.path("data").path("reason").asString().contains("'acknowledge'"), WAIT);
        // The frame and the history line are written side by side: poll for the line, then count it.
        assertThat(awaitCount("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind = 'escalated' "
                + "AND detail LIKE 'level 1 to supervisor2 (supervisor of agent %): deadline ''acknowledge'' breached'", id)).isEqualTo(1);

        // The node restarts before the second level is due: the timers are gone, the recovery re-arms them.
        supervision.forget(id);
        supervision.recover().block(WAIT);
        clock.advance(Duration.ofHours(25)); // 24 h after the breach, still not acknowledged

        manager.await(f -> frame("contact.escalated", id).test(f) && f.path("data").path("level").asInt() == 2
                && f.path("data").path("reason").asString().contains("acknowledge"), WAIT);
        assertThat(other.received()).noneMatch(f -> frame("contact.escalated", id).test(f) && f.path("data").path("level").asInt() == 1);

        // Another restart: the second level went already, it does not go again.
        supervision.forget(id);
        supervision.recover().block(WAIT);
        supervision.recover().block(WAIT);
        awaitCount("SELECT count(*) FROM contact_deadline WHERE contact_id = $1 AND name = 'acknowledge' AND escalated_at IS NOT NULL", id);
        clock.advance(Duration.ofMinutes(1));
        // Everything due has fired once the reply deadline's later level-2 timers are not due: count the acknowledge escalations.
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind = 'escalated' AND detail LIKE 'level 2 %' "
                + "AND detail LIKE '%''acknowledge''%'", id)).isEqualTo(1);
    }

    @Test
    void theSlaTimeZoneIsTheWorkspacesStoredForEveryNode() {
        assertThat(count("SELECT count(*) FROM workspace WHERE code = 'demo' AND time_zone = 'Asia/Shanghai'")).isEqualTo(1);
    }
}
