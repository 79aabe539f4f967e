package io.firstline.supervision;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Deadlines, supervision and follow-up ({@code firstline.sla.*}).
 *
 * @param calendars             classpath calendar data files (public holidays, make-up working days)
 * @param timeZone              the workspace's time zone, in which working days are counted
 * @param managerEscalationAfter a breached contact still open this long later goes to the general manager
 * @param policies              the default SLA policies (DOMAIN §3); an admin may override them through the API
 * @param feedback              the deadline to feed the result back to the customer after the resolution
 * @param calendarWarningWithin readiness carries a warning when the holiday data ends within this (default 60 days)
 */
@ConfigurationProperties("firstline.sla")
public record SupervisionProperties(double warnFraction, Duration tick, List<String> calendars, String timeZone,
                                    LocalTime officeOpens, LocalTime officeCloses, Duration managerEscalationAfter,
                                    FollowUp followUp, Classification classification, List<PolicyDefinition> policies,
                                    Feedback feedback, Duration calendarWarningWithin) {

    public SupervisionProperties {
        calendars = calendars == null ? List.of() : List.copyOf(calendars);
        policies = policies == null ? List.of() : List.copyOf(policies);
        feedback = feedback == null ? Feedback.DEFAULT : feedback;
    }

    /**
     * The {@code feedback} deadline (DOMAIN §3: the result fed back to the customer within 24 h of processing),
     * started when a contact of one of {@code types} is resolved, {@code within} elapsed time, met by {@code metBy}.
     */
    public record Feedback(Duration within, List<String> types, List<String> metBy) {

        static final Feedback DEFAULT = new Feedback(Duration.ofHours(24),
                List.of("suggestion", "complaint", "repair", "service_request"), List.of("reply", "follow_up"));

        public Feedback {
            within = within == null ? DEFAULT.within() : within;
            types = types == null ? DEFAULT.types() : List.copyOf(types);
            metBy = metBy == null || metBy.isEmpty() ? DEFAULT.metBy() : List.copyOf(metBy);
        }
    }

    /** Follow-up (回访): which types get one, by when, and the supervisors' re-check share. */
    public record FollowUp(List<String> types, int withinWorkingDays, double recheckShare) {
    }

    /** Keywords for the first classification at intake. */
    public record Classification(Map<String, List<String>> keywords, List<String> major) {
    }
}
