package io.firstline.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import io.firstline.agent.AgentState;
import io.firstline.kernel.Channel;
import io.firstline.routing.WaitingContact;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * The live figures as two workspaces' routers tell them (no Spring, no database): each workspace's wallboard and
 * gauges count its own contacts and agents only, and one workspace's router starting over leaves the other's alone.
 */
class LiveStatsPerWorkspaceTest {

    private static final long A = 1;
    private static final long B = 2;
    private static final long AGENT_OF_A = 11;
    private static final long AGENT_OF_B = 22;
    private static final Instant NOW = Instant.parse("2026-12-04T02:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LiveStats stats = new LiveStats(meters, "Asia/Shanghai", clock);

    @Test
    void eachWorkspaceCountsItsOwnContactsAndAgentsOnlyOnTheWallboardAndInItsGauges() {
        stats.export(A, "alpha");
        stats.export(B, "beta");
        stats.stateChanged(A, AGENT_OF_A, AgentState.AVAILABLE, NOW);
        stats.stateChanged(B, AGENT_OF_B, AgentState.AVAILABLE, NOW);
        stats.waiting(chat(A, 100, "Alpha customer"), NOW);
        stats.waiting(chat(B, 200, "Beta customer"), NOW);
        stats.waiting(chat(B, 201, "Another beta customer"), NOW);
        stats.answered(B, 200, AGENT_OF_B, Channel.WEBCHAT, NOW.plusSeconds(5));

        LiveStats.QueueFigures alpha = webchat(stats.snapshot(A, NOW.plusSeconds(10)));
        assertThat(alpha.waiting()).isEqualTo(1);
        assertThat(alpha.enteredToday()).isEqualTo(1);
        assertThat(alpha.answeredToday()).isZero();
        assertThat(alpha.longestWaitingCustomer()).isEqualTo("Alpha customer");
        assertThat(stats.snapshot(A, NOW).agents()).extracting(LiveStats.AgentFigures::id).containsExactly(AGENT_OF_A);

        LiveStats.Snapshot betaFigures = stats.snapshot(B, NOW.plusSeconds(10));
        LiveStats.QueueFigures beta = webchat(betaFigures);
        assertThat(beta.waiting()).isEqualTo(1);
        assertThat(beta.enteredToday()).isEqualTo(2);
        assertThat(beta.answeredToday()).isEqualTo(1);
        assertThat(beta.longestWaitingCustomer()).isEqualTo("Another beta customer");
        assertThat(betaFigures.agents()).extracting(LiveStats.AgentFigures::id).containsExactly(AGENT_OF_B);
        assertThat(betaFigures.agents().get(0).load()).isEqualTo(1);

        assertThat(gauge("firstline.live.waiting", "alpha")).isEqualTo(1);
        assertThat(gauge("firstline.live.waiting", "beta")).isEqualTo(1);
        assertThat(gauge("firstline.live.answered_today", "alpha")).isZero();
        assertThat(gauge("firstline.live.answered_today", "beta")).isEqualTo(1);
        assertThat(meters.get("firstline.live.agents").tag("state", "available").tag("workspace", "alpha").gauge().value())
                .isEqualTo(1);
    }

    @Test
    void oneWorkspacesRouterStartingOverLeavesTheOthersFiguresAlone() {
        stats.waiting(chat(A, 100, "Alpha customer"), NOW);
        stats.waiting(chat(B, 200, "Beta customer"), NOW);

        stats.reset(A, false, NOW.plusSeconds(1));

        assertThat(webchat(stats.snapshot(A, NOW.plusSeconds(2))).waiting()).isZero();
        assertThat(webchat(stats.snapshot(B, NOW.plusSeconds(2))).waiting()).isEqualTo(1);
    }

    @Test
    void theSlaTilesAreShownToTheDefaultWorkspaceAlone() {
        stats.showSlaTo(A);
        assertThat(stats.snapshot(B, NOW).sla()).containsOnlyKeys("atRisk", "breached", "followUpsDue", "followUpsDoneToday",
                "satisfactionToday").allSatisfy((name, value) -> assertThat(value).isNull());
    }

    private double gauge(String name, String workspace) {
        return meters.get(name).tag("channel", "webchat").tag("workspace", workspace).gauge().value();
    }

    private static WaitingContact chat(long workspaceId, long contactId, String customer) {
        return new WaitingContact(workspaceId, contactId, Channel.WEBCHAT, null, 0, NOW, null, customer, "hello", Map.of());
    }

    private static LiveStats.QueueFigures webchat(LiveStats.Snapshot figures) {
        return figures.queues().stream().filter(queue -> queue.channel().equals("webchat")).findFirst().orElseThrow();
    }
}
