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
 */
@ConfigurationProperties("firstline.sla")
public record SupervisionProperties(double warnFraction, Duration tick, List<String> calendars, String timeZone,
                                    LocalTime officeOpens, LocalTime officeCloses, Duration managerEscalationAfter,
                                    FollowUp followUp, Classification classification, List<PolicyDefinition> policies) {

    public SupervisionProperties {
        calendars = calendars == null ? List.of() : List.copyOf(calendars);
        policies = policies == null ? List.of() : List.copyOf(policies);
    }

    /** Follow-up (回访): which types get one, by when, and the supervisors' re-check share. */
    public record FollowUp(List<String> types, int withinWorkingDays, double recheckShare) {
    }

    /** Keywords for the first classification at intake. */
    public record Classification(Map<String, List<String>> keywords, List<String> major) {
    }
}
