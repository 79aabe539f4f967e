package io.firstline.report.analysis;

import java.util.ArrayList;
import java.util.List;
import io.firstline.contact.ContactAnalysis;
import io.firstline.contact.Disposition;
import io.firstline.platform.web.Problems;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Turns an {@link AnalysisRequest}'s codes into the ids a contact records: an unknown or retired cause, an unknown or
 * inactive department or an unknown disposition is a 400 problem naming every such field, before anything changes.
 */
@Component
public class AnalysisCodes {

    private final Causes causes;
    private final Departments departments;

    AnalysisCodes(Causes causes, Departments departments) {
        this.causes = causes;
        this.departments = departments;
    }

    /** The analysis a caller of this workspace sent, with its codes checked (departments are the workspace's own). */
    public Mono<ContactAnalysis> resolve(long workspaceId, AnalysisRequest request) {
        if (request == null) {
            return Mono.just(ContactAnalysis.NONE);
        }
        Disposition disposition = null;
        List<String> problems = new ArrayList<>();
        if (blank(request.disposition())) {
            if (request.disposition() != null) {
                problems.add("disposition must not be blank");
            }
        } else {
            disposition = Disposition.fromWireName(request.disposition()).orElse(null);
            if (disposition == null) {
                problems.add("disposition must be one of " + Disposition.wireNames() + ", not '" + request.disposition() + "'");
            }
        }
        Mono<Long> cause = request.cause() == null ? Mono.just(-1L) : causes.current(request.cause()).map(Causes.Cause::id)
                .defaultIfEmpty(0L);
        Mono<Long> department = request.department() == null ? Mono.just(-1L) : departments.byCode(workspaceId, request.department())
                .map(found -> found.active() ? found.id() : 0L)
                .defaultIfEmpty(0L);
        Disposition chosen = disposition;
        return Mono.zip(cause, department).flatMap(ids -> {
            if (ids.getT1() == 0L) {
                problems.add("cause '" + request.cause() + "' is not a current complaint cause (GET /api/v1/complaint-causes)");
            }
            if (ids.getT2() == 0L) {
                problems.add("department '" + request.department() + "' is not an active department (GET /api/v1/departments)");
            }
            if (!problems.isEmpty()) {
                return Mono.error(Problems.badRequest(String.join("; ", problems)));
            }
            return Mono.just(new ContactAnalysis(ids.getT1() < 0 ? null : ids.getT1(), ids.getT2() < 0 ? null : ids.getT2(),
                    chosen, request.reason(), request.complaintValid()));
        });
    }

    /** The code of the queue a transfer to this department goes to; empty when it has none or is unknown. */
    public Mono<String> queueOf(long workspaceId, String departmentCode) {
        return departments.byCode(workspaceId, departmentCode)
                .filter(Departments.Department::active)
                .flatMap(found -> Mono.justOrEmpty(found.queue()));
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
