package io.firstline.report.analysis;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import io.firstline.contact.ContactService;
import io.firstline.platform.WorkspaceDirectory;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The complaint-cause taxonomy and the departments (everyone reads them, admins change them), and a contact's
 * analysis: {@code PATCH /api/v1/contacts/{id}/analysis} by its assignee, first responder or a supervisor.
 */
@RestController
class AnalysisController {

    static final Pattern CODE = Pattern.compile("[a-z0-9_]{1,40}");
    static final int MAX_LABEL = 100;

    record CauseRequest(String label) {
    }

    record DepartmentRequest(String name, String supervisor, String queue, Boolean active) {
    }

    private final Causes causes;
    private final Departments departments;
    private final AnalysisCodes codes;
    private final RecordedAnalyses recorded;
    private final ContactService contacts;
    private final Clock clock;
    private final WorkspaceDirectory workspaces;

    AnalysisController(Causes causes, Departments departments, AnalysisCodes codes, RecordedAnalyses recorded,
                       ContactService contacts, Clock clock, WorkspaceDirectory workspaces) {
        this.workspaces = workspaces;
        this.causes = causes;
        this.departments = departments;
        this.codes = codes;
        this.recorded = recorded;
        this.contacts = contacts;
        this.clock = clock;
    }

    @GetMapping("/api/v1/complaint-causes")
    Flux<Causes.Cause> causes() {
        return causes.current();
    }

    /** A new cause, or a new version (label) of one: contacts given the old version keep its label. */
    @PutMapping("/api/v1/complaint-causes/{code}")
    Mono<Causes.Cause> writeCause(@PathVariable String code, @RequestBody(required = false) CauseRequest request) {
        List<String> problems = new ArrayList<>();
        if (!CODE.matcher(code).matches()) {
            problems.add("code must be 1-40 of a-z, 0-9 and _");
        }
        String label = request == null || request.label() == null ? "" : request.label().strip();
        if (label.isEmpty() || label.length() > MAX_LABEL) {
            problems.add("label is required, at most " + MAX_LABEL + " characters");
        }
        return platformAdmin().flatMap(agent -> problems.isEmpty()
                ? causes.write(code, label, agent.username(), clock.instant())
                : Mono.error(Problems.badRequest(String.join("; ", problems))));
    }

    @DeleteMapping("/api/v1/complaint-causes/{code}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> retireCause(@PathVariable String code) {
        return platformAdmin().flatMap(agent -> causes.retire(code, clock.instant()))
                .flatMap(retired -> retired ? Mono.<Void>empty()
                        : Mono.error(Problems.notFound("complaint cause " + code + " is not current")));
    }

    @GetMapping("/api/v1/departments")
    Flux<Departments.Department> departments() {
        return CurrentAgent.get().flatMapMany(agent -> departments.all(agent.workspaceId()));
    }

    @PutMapping("/api/v1/departments/{code}")
    Mono<Departments.Department> writeDepartment(@PathVariable String code,
                                                 @RequestBody(required = false) DepartmentRequest request) {
        List<String> problems = new ArrayList<>();
        if (!CODE.matcher(code).matches()) {
            problems.add("code must be 1-40 of a-z, 0-9 and _");
        }
        String name = request == null || request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > MAX_LABEL) {
            problems.add("name is required, at most " + MAX_LABEL + " characters");
        }
        if (request != null && request.supervisor() == null) {
            problems.add("supervisor (a supervisor's or manager's username) is required");
        }
        if (!problems.isEmpty()) {
            return admin().then(Mono.error(Problems.badRequest(String.join("; ", problems))));
        }
        return admin().map(AgentPrincipal::workspaceId).flatMap(ws -> {
            Mono<Long> supervisor = departments.supervisorId(ws, request.supervisor()).defaultIfEmpty(0L);
            Mono<Long> queue = request.queue() == null ? Mono.just(-1L) : departments.queueId(ws, request.queue()).defaultIfEmpty(0L);
            return Mono.zip(supervisor, queue).flatMap(ids -> {
                List<String> unknown = new ArrayList<>();
                if (ids.getT1() == 0L) {
                    unknown.add("supervisor '" + request.supervisor() + "' is not a supervisor or manager");
                }
                if (ids.getT2() == 0L) {
                    unknown.add("queue '" + request.queue() + "' does not exist");
                }
                if (!unknown.isEmpty()) {
                    return Mono.error(Problems.badRequest(String.join("; ", unknown)));
                }
                return departments.save(ws, code, name, ids.getT1(), ids.getT2() < 0 ? null : ids.getT2(),
                                request.active() == null || request.active(), clock.instant())
                        .then(departments.byCode(ws, code));
            });
        });
    }

    @GetMapping("/api/v1/contacts/{id}/analysis")
    Mono<RecordedAnalyses.RecordedAnalysis> analysis(@PathVariable long id) {
        return CurrentAgent.get().flatMap(agent -> recorded.of(id)
                .switchIfEmpty(Mono.error(() -> Problems.notFound("contact " + id + " does not exist")))
                .flatMap(found -> agent.overseesWorkspace() || found.involves(agent.agentId()) ? Mono.just(found)
                        : Mono.error(Problems.forbidden("contact " + id + " is not one of yours"))));
    }

    @PatchMapping("/api/v1/contacts/{id}/analysis")
    Mono<RecordedAnalyses.RecordedAnalysis> analyse(@PathVariable long id,
                                                    @RequestBody(required = false) AnalysisRequest request) {
        return CurrentAgent.get().flatMap(agent -> codes.resolve(agent.workspaceId(), request == null ? AnalysisRequest.NONE : request)
                .flatMap(analysis -> contacts.analyse(id, agent.agentId(), agent.username(), agent.overseesWorkspace(), analysis))
                .then(recorded.of(id)));
    }

    /** The complaint causes are the deployment's, shared by every workspace: a platform admin's to change. */
    private Mono<AgentPrincipal> platformAdmin() {
        return workspaces.platformAdmin("change the complaint causes");
    }

    private static Mono<AgentPrincipal> admin() {
        return CurrentAgent.get().flatMap(agent -> "admin".equals(agent.role()) ? Mono.just(agent)
                : Mono.error(Problems.forbidden("only admins change the complaint causes and departments")));
    }
}
