package io.firstline.report.history;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import io.firstline.kernel.Channel;
import io.firstline.platform.WorkspaceDirectory;
import io.firstline.platform.metrics.LatencyTimers;
import io.firstline.platform.web.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Builds a report from the SQL aggregates of {@link ReportQueries}, for the asked period and filters: the days
 * {@link ReportRollup} has ready from their roll-up rows, the others from the contacts.
 */
@Service
public class ReportService {

    private final ReportQueries queries;
    private final WorkspaceDirectory workspace;
    private final ReportProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ReportRollup rollup;

    ReportService(ReportQueries queries, WorkspaceDirectory workspace, ReportProperties properties,
                  Clock clock, MeterRegistry meters, ReportRollup rollup) {
        this.queries = queries;
        this.rollup = rollup;
        this.workspace = workspace;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    /** The default workspace's time zone (the demo history's and start-up's; requests use {@link #zone(long)}). */
    Mono<ZoneId> zone() {
        return workspace.zone();
    }

    /** A workspace's time zone ({@code workspace.time_zone}): report days begin at its midnight, weeks on its Mondays. */
    Mono<ZoneId> zone(long workspaceId) {
        return workspace.zoneOf(workspaceId);
    }

    /** The period of these parameters in the workspace's zone, or a 400 saying why not. */
    Mono<ReportPeriod> period(long workspaceId, String kind, String from, String to) {
        return zone(workspaceId).flatMap(zone -> Mono.fromCallable(() -> {
            ReportKind reportKind = ReportKind.fromWireName(kind).orElseThrow(() -> new ReportPeriod.Refused(
                    "a report is daily, weekly, monthly or range, not '" + kind + "'"));
            return ReportPeriod.of(reportKind, from, to, LocalDate.now(clock.withZone(zone)), zone);
        })).onErrorMap(ReportPeriod.Refused.class, refused -> Problems.badRequest(refused.getMessage()));
    }

    /** The filters with their ids; every unknown code is named in one 400. */
    Mono<ReportFilters> filters(long workspaceId, String channel, String queue, String department, String agent) {
        List<String> problems = new ArrayList<>();
        if (channel != null && Channel.fromWireName(channel).isEmpty()) {
            problems.add("channel '" + channel + "' is not a channel");
        }
        Mono<Long> queueId = lookup(workspaceId, queue, "SELECT id FROM queue WHERE workspace_id = :ws AND code = :code");
        Mono<Long> departmentId = lookup(workspaceId, department, "SELECT id FROM department WHERE workspace_id = :ws AND code = :code");
        Mono<Long> agentId = lookup(workspaceId, agent, "SELECT id FROM agent WHERE workspace_id = :ws AND username = :code");
        return Mono.zip(queueId, departmentId, agentId).flatMap(ids -> {
            if (ids.getT1() == 0L) {
                problems.add("queue '" + queue + "' does not exist");
            }
            if (ids.getT2() == 0L) {
                problems.add("department '" + department + "' does not exist");
            }
            if (ids.getT3() == 0L) {
                problems.add("agent '" + agent + "' does not exist");
            }
            if (!problems.isEmpty()) {
                return Mono.error(Problems.badRequest(String.join("; ", problems)));
            }
            return Mono.just(new ReportFilters(channel, queue, department, agent, id(ids.getT1()), id(ids.getT2()),
                    id(ids.getT3())));
        });
    }

    /** The report, timed as {@code firstline_report_generation_seconds{report=<kind>}} (the SQL aggregates only). */
    public Mono<Report> report(long workspaceId, ReportPeriod period, ReportFilters filters) {
        return Mono.defer(() -> {
            Timer.Sample sample = Timer.start(meters);
            return build(workspaceId, period, filters)
                    .doOnNext(report -> sample.stop(LatencyTimers.reportGeneration(period.kind().wireName()).register(meters)));
        });
    }

    private Mono<Report> build(long ws, ReportPeriod period, ReportFilters filters) {
        Instant now = clock.instant();
        double threshold = ReportRollup.thresholdSeconds(properties.serviceLevelThreshold());
        return rollup.readyDays(ws, period, threshold).flatMap(ready -> {
            ReportQueries.Selection s = ReportQueries.Selection.of(ws, period, filters, threshold, ready);
            return Mono.zip(queries.withoutJit(queries.breakdowns(s)), queries.withoutJit(queries.perDay(s)),
                            queries.withoutJit(queries.deadlines(s, now)), queries.withoutJit(queries.followUps(s, now)),
                            queries.withoutJit(queries.service(s)),
                            queries.withoutJit(queries.agents(s)))
                    .map(parts -> new Report(period.kind().wireName(), period.from(), period.to(), period.zone().getId(),
                            filters.asked(), now, parts.getT1().totals(), parts.getT1().breakdowns(), parts.getT2(),
                            parts.getT3(), parts.getT4().followUps(), parts.getT4().satisfaction(), parts.getT5(),
                            parts.getT6()));
        });
    }

    /** The default workspace (the demo history's). */
    Mono<Long> workspaceId() {
        return workspace.id();
    }

    /** Every workspace, for the scheduled reports, which are made per workspace. */
    Flux<Long> workspaces() {
        return workspace.all();
    }

    private Mono<Long> lookup(long ws, String code, String sql) {
        if (code == null) {
            return Mono.just(-1L);
        }
        return queries.idOf(sql, ws, code).defaultIfEmpty(0L);
    }

    private static Long id(long value) {
        return value < 0 ? null : value;
    }
}
