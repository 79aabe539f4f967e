package io.firstline.channel.phone;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.Problems;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/phone/stats?from=&to=} (ISO-8601 instants; default: the last 24 hours): the phone
 * service level and abandon rate of the caller's workspace's calls that started in the period. Supervisors, managers and admins.
 */
@RestController
class PhoneStatsController {

    private static final Duration MAX_PERIOD = Duration.ofDays(366);

    private final PhoneStats stats;
    private final Clock clock;

    PhoneStatsController(PhoneStats stats, Clock clock) {
        this.stats = stats;
        this.clock = clock;
    }

    @GetMapping("/api/v1/phone/stats")
    Mono<PhoneStatsFigures> stats(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        return CurrentAgent.get().flatMap(agent -> {
            if (!agent.overseesWorkspace()) {
                return Mono.error(Problems.forbidden("only supervisors, managers and admins see phone statistics"));
            }
            Instant end;
            Instant start;
            try {
                end = to == null || to.isBlank() ? clock.instant() : Instant.parse(to);
                start = from == null || from.isBlank() ? end.minus(Duration.ofHours(24)) : Instant.parse(from);
            } catch (DateTimeParseException e) {
                return Mono.error(Problems.badRequest("from and to must be ISO-8601 instants, e.g. 2026-01-05T00:00:00Z"));
            }
            if (!start.isBefore(end) || Duration.between(start, end).compareTo(MAX_PERIOD) > 0) {
                return Mono.error(Problems.badRequest("from must be before to, at most 366 days apart"));
            }
            return stats.between(agent.workspaceId(), start, end); // the caller's workspace only
        });
    }
}
