package io.firstline.supervision;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import io.firstline.platform.web.Problems;
import io.firstline.sla.CalendarYear;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The holiday data behind working-day deadlines: anyone logged in reads how far it reaches; an admin loads a year's
 * public holidays and make-up working days from the authority's notice (validated; the year's data is replaced), which
 * every node then counts on and which moves the open deadlines it changes ({@link HolidayYears}).
 */
@RestController
@RequestMapping("/api/v1/sla-calendar")
class SlaCalendarController {

    record LoadedYearView(int year, String source, String loadedBy, Instant loadedAt) {
    }

    record CoverageView(Set<Integer> years, String coveredUntil, String timeZone, List<LoadedYearView> loaded) {
    }

    private final CalendarBook calendars;
    private final HolidayYears years;
    private final io.firstline.platform.WorkspaceDirectory workspaces;

    SlaCalendarController(CalendarBook calendars, HolidayYears years, io.firstline.platform.WorkspaceDirectory workspaces) {
        this.calendars = calendars;
        this.years = years;
        this.workspaces = workspaces;
    }

    @GetMapping
    CoverageView coverage() {
        return new CoverageView(calendars.years(), calendars.coveredUntil().toString(), calendars.zone().getId(),
                calendars.loaded().values().stream().map(year -> new LoadedYearView(year.definition().year(),
                        year.definition().source(), year.loadedBy(), year.loadedAt())).toList());
    }

    @PutMapping("/years/{year}")
    Mono<CoverageView> load(@PathVariable int year, @RequestBody(required = false) CalendarYear body) {
        // The holiday calendar is the deployment's, shared by every workspace: a platform admin's to change.
        return workspaces.platformAdmin("load holiday data")
                .flatMap(agent -> {
            if (body != null && body.year() != null && body.year() != year) {
                return Mono.error(Problems.badRequest("year in the body (" + body.year() + ") is not the year in the path ("
                        + year + ")"));
            }
            CalendarYear definition = body == null ? null
                    : new CalendarYear(year, body.holidays(), body.workdays(), body.source());
            return years.load(definition, agent.username()).flatMap(problems -> problems.isEmpty()
                    ? Mono.just(coverage())
                    : Mono.error(Problems.badRequest("invalid holiday data for " + year + ": " + String.join("; ", problems))));
        });
    }
}
