package io.firstline.report.history;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A report over the contacts opened in a period (DOMAIN §6): every figure is an SQL aggregate. Rates are shares
 * (0..1), null when there is nothing to divide by; {@code to} is exclusive.
 */
public record Report(String kind, LocalDate from, LocalDate to, String timeZone, Map<String, String> filters,
                     Instant generatedAt, Totals totals, Breakdowns breakdowns, List<DayCount> perDay,
                     Deadlines deadlines, FollowUps followUps, Satisfaction satisfaction, List<ChannelService> service,
                     List<AgentFigures> agents) {

    public static final double REPAIR_ON_TIME_TARGET = 0.98;
    public static final double FOLLOW_UP_TARGET = 1.0;
    public static final double VALID_COMPLAINT_TARGET = 0.01;

    public record Totals(long contacts, long complaints, long validComplaints, Double validComplaintRate,
                         double validComplaintTarget, long resolved, long firstContactResolved,
                         Double firstContactResolutionRate) {
    }

    /** {@code complaints}: how many of the contacts are complaints (the cause and department analysis). */
    public record Count(String key, String label, long contacts, long complaints) {
    }

    public record Breakdowns(List<Count> byChannel, List<Count> byType, List<Count> bySeverity, List<Count> byCause,
                             List<Count> byDepartment) {
    }

    public record DayCount(LocalDate day, String channel, long contacts) {
    }

    /** {@code open}: not met yet; {@code openOverdue}: of those, past due now. */
    public record DeadlineFigures(String deadline, String type, long total, long onTime, long late, long open,
                                  long openOverdue, Double onTimeRate) {
    }

    public record Deadlines(List<DeadlineFigures> byKind, Double repairOnTimeRate, double repairOnTimeTarget,
                            String metAt) {
    }

    public record FollowUps(long total, long done, long due, long overdue, Double completionRate, double target) {
    }

    public record Satisfaction(long scored, Double mean, Map<Integer, Long> distribution, Double lowShare) {
    }

    public record ChannelService(String channel, long contacts, long answered, long answeredInTime,
                                 Double serviceLevel, Double averageSpeedOfAnswerSeconds, Long abandoned,
                                 Double abandonRate) {
    }

    public record AgentFigures(long id, String username, String name, long handled, long firstResponderOf,
                               long onTime, long late, Double onTimeRate, long complaintsAgainst,
                               Double meanSatisfaction, Double averageHandleSeconds) {
    }
}
