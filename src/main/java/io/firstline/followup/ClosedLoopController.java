package io.firstline.followup;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.firstline.contact.ContactView;
import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.Problems;
import io.firstline.report.analysis.AnalysisCodes;
import io.firstline.report.analysis.AnalysisRequest;
import io.firstline.supervision.SupervisionProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Resolve, follow up, and the supervisors' quarterly re-check of follow-ups. */
@RestController
class ClosedLoopController {

    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");

    private final ClosedLoop loop;
    private final FollowUps followUps;
    private final SupervisionProperties properties;
    private final Clock clock;
    private final AnalysisCodes codes;

    ClosedLoopController(ClosedLoop loop, FollowUps followUps, SupervisionProperties properties, Clock clock,
                         AnalysisCodes codes) {
        this.loop = loop;
        this.codes = codes;
        this.followUps = followUps;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Resolves it; the body is optional: {@code {"disposition","reason","cause","department","complaintValid"}}, what
     * the contact records for analysis (issue 11). Bad codes are a 400 and nothing is resolved.
     */
    @PostMapping("/api/v1/contacts/{id}/resolve")
    Mono<ContactView> resolve(@PathVariable long id, @RequestBody(required = false) AnalysisRequest request) {
        return CurrentAgent.get().flatMap(agent -> codes.resolve(agent.workspaceId(), request)
                .flatMap(analysis -> loop.resolve(id, agent, analysis)));
    }

    @PostMapping("/api/v1/contacts/{id}/follow-up")
    Mono<ContactView> followUp(@PathVariable long id, @RequestBody FollowUpResult result) {
        return CurrentAgent.get().flatMap(agent -> loop.recordFollowUp(id, result, agent));
    }

    record ReopenRequest(String reason) {
    }

    /** The first responder (or a supervisor) reopens a resolved, followed-up or closed contact, saying why. */
    @PostMapping("/api/v1/contacts/{id}/reopen")
    Mono<ContactView> reopen(@PathVariable long id, @RequestBody(required = false) ReopenRequest request) {
        return CurrentAgent.get().flatMap(agent -> loop.reopen(id, request == null ? null : request.reason(), agent));
    }

    /** Follow-ups still to do: my own, or everyone's for a supervisor. */
    @GetMapping("/api/v1/follow-ups")
    Flux<FollowUpView> due() {
        return CurrentAgent.get().flatMapMany(agent -> followUps.due(agent.workspaceId(), agent.overseesWorkspace() ? null : agent.agentId()));
    }

    /** A random share (default 20 %) of the quarter's completed follow-ups, for supervisors to re-check. */
    @GetMapping("/api/v1/follow-ups/recheck")
    Mono<Map<String, Object>> recheck(@RequestParam(required = false) String quarter) {
        Matcher m = quarter == null ? null : QUARTER.matcher(quarter);
        if (m != null && !m.matches()) {
            return Mono.error(Problems.badRequest("quarter must look like 2026-Q4"));
        }
        double share = properties.followUp().recheckShare();
        return CurrentAgent.get().flatMap(agent -> {
            if (!agent.overseesWorkspace()) {
                return Mono.error(Problems.forbidden("only supervisors re-check follow-ups"));
            }
            return loop.zoneOf(agent.workspaceId()).flatMap(zone -> recheck(agent, zone, m, share));
        });
    }

    /** The quarter in the caller's workspace's own time zone. */
    private Mono<Map<String, Object>> recheck(io.firstline.platform.security.AgentPrincipal agent, ZoneId zone,
                                              Matcher quarter, double share) {
        LocalDate start = quarter == null
                ? LocalDate.now(clock.withZone(zone)).with(IsoFields.DAY_OF_QUARTER, 1)
                : LocalDate.of(Integer.parseInt(quarter.group(1)), (Integer.parseInt(quarter.group(2)) - 1) * 3 + 1, 1);
        ZonedDateTime from = start.atStartOfDay(zone);
        ZonedDateTime to = from.plusMonths(3);
        String label = start.getYear() + "-Q" + start.get(IsoFields.QUARTER_OF_YEAR);
        return Mono.zip(followUps.countDone(agent.workspaceId(), from.toInstant(), to.toInstant()),
                        followUps.sampleDone(agent.workspaceId(), from.toInstant(), to.toInstant(), share))
                .map(result -> Map.<String, Object>of("quarter", label, "share", share,
                        "completed", result.getT1(), "sample", (List<FollowUpView>) result.getT2()));
    }
}
