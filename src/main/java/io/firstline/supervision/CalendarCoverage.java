package io.firstline.supervision;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * How far the holiday data reaches: the gauge {@code firstline_sla_calendar_covered_until} (epoch seconds of the
 * start, in the workspace's zone, of the first day without holiday data) and the readiness contributor
 * {@code slaCalendar}. It stays UP — a missing year is no reason to take the node out of service — and carries a
 * {@code warning} in its details when the data ends within {@code firstline.sla.calendar-warning-within}.
 */
@Component("slaCalendar")
class CalendarCoverage implements ReactiveHealthIndicator {

    static final Duration DEFAULT_WARNING_WITHIN = Duration.ofDays(60);

    private final CalendarBook calendars;
    private final Clock clock;
    private final Duration warningWithin;

    CalendarCoverage(CalendarBook calendars, Clock clock, SupervisionProperties properties, MeterRegistry meters) {
        this.calendars = calendars;
        this.clock = clock;
        this.warningWithin = properties.calendarWarningWithin() == null ? DEFAULT_WARNING_WITHIN
                : properties.calendarWarningWithin();
        Gauge.builder("firstline.sla.calendar.covered_until", this, CalendarCoverage::coveredUntilEpochSecond)
                .description("Start (epoch seconds, workspace time zone) of the first day without holiday data")
                .register(meters);
    }

    double coveredUntilEpochSecond() {
        return calendars.coveredUntil().atStartOfDay(calendars.zone()).toEpochSecond();
    }

    @Override
    public Mono<Health> health() {
        return Mono.fromSupplier(() -> {
            LocalDate today = LocalDate.now(clock.withZone(calendars.zone()));
            LocalDate until = calendars.coveredUntil();
            long daysLeft = ChronoUnit.DAYS.between(today, until);
            Health.Builder health = Health.up()
                    .withDetail("coveredUntil", until.toString())
                    .withDetail("years", calendars.years());
            if (daysLeft * 86_400 <= warningWithin.toSeconds()) {
                health.withDetail("warning", "no holiday data from " + until + " (in " + daysLeft + " days): working-day "
                        + "deadlines reaching past it skip weekends only and are flagged 'deadline counted without holiday "
                        + "data'; load the year with PUT /api/v1/sla-calendar/years/" + until.getYear());
            }
            return health.build();
        });
    }
}
