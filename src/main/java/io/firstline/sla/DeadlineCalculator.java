package io.firstline.sla;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Computes a contact's deadlines from its policy and the instant it was received. Pure and immutable.
 *
 * <p>For each {@link DeadlineSpec}: the due instant is {@code receivedAt} plus the amount in the spec's unit on
 * the spec's calendar ({@link BusinessCalendar#addHours}, {@link BusinessCalendar#addWorkingHours},
 * {@link BusinessCalendar#addWorkingDays}). The warning instant is when the warning fraction of the allowed time
 * has elapsed, measured in the same unit: elapsed time for {@code HOURS}; working time for {@code WORKING_HOURS}
 * and {@code WORKING_DAYS}, where the allowed time of a working-days deadline is the working time from receipt to
 * the due instant (so it includes the rest of the day of receipt when that is a working day). The warning
 * instant is rounded down to the nanosecond.
 */
public final class DeadlineCalculator {

    /** Default warning fraction: 75 % of the allowed time. */
    public static final double DEFAULT_WARN_FRACTION = 0.75;

    private final Supplier<Calendars> calendars;
    private final BigDecimal warnFraction;

    public DeadlineCalculator(Calendars calendars) {
        this(calendars, DEFAULT_WARN_FRACTION);
    }

    public DeadlineCalculator(Calendars calendars, double warnFraction) {
        this(constant(calendars), warnFraction);
    }

    private static Supplier<Calendars> constant(Calendars calendars) {
        Objects.requireNonNull(calendars, "calendars");
        return () -> calendars;
    }

    /**
     * @param calendars    the calendars in force at each computation
     * @param warnFraction in {@code (0, 1]}
     * @throws IllegalArgumentException for a fraction outside {@code (0, 1]}
     */
    public DeadlineCalculator(Supplier<Calendars> calendars, double warnFraction) {
        this.calendars = Objects.requireNonNull(calendars, "calendars");
        if (!(warnFraction > 0 && warnFraction <= 1)) {
            throw new IllegalArgumentException("warning fraction must be in (0, 1], was " + warnFraction);
        }
        this.warnFraction = BigDecimal.valueOf(warnFraction);
    }

    /**
     * This calculator counting in {@code zone}: a workspace's deadlines are counted in that workspace's own time zone
     * (its working hours and days), on the holiday data in force at each computation.
     */
    public DeadlineCalculator inZone(java.time.ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return new DeadlineCalculator(() -> calendars.get().withZone(zone), warnFraction.doubleValue());
    }

    /** The calendars in force (they change when holiday data for another year is loaded). */
    public Calendars calendars() {
        return calendars.get();
    }

    public double warnFraction() {
        return warnFraction.doubleValue();
    }

    /**
     * All deadlines of {@code policy} for a contact received at {@code receivedAt}, in the policy's order, with
     * their normal (not extended) amounts.
     *
     * @throws IllegalArgumentException when the policy is invalid ({@link SlaPolicyValidator} reports why)
     */
    public List<Deadline> deadlines(SlaPolicy policy, Instant receivedAt) {
        List<String> problems = SlaPolicyValidator.validate(policy);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid SLA policy: " + String.join("; ", problems));
        }
        return policy.deadlines().stream().map(spec -> deadline(spec, receivedAt)).toList();
    }

    /**
     * The named deadline with its approved extension in force (e.g. a complaint's resolve deadline, 7 instead of
     * 3 working days), counted from the original {@code receivedAt}. Recording who approved it is the caller's.
     */
    public ExtensionResult extended(SlaPolicy policy, String name, Instant receivedAt) {
        Optional<DeadlineSpec> spec = policy.deadline(name);
        if (spec.isEmpty()) {
            return new ExtensionResult.Refused("the policy has no deadline '" + name + "'");
        }
        if (!spec.get().extendable()) {
            return new ExtensionResult.Refused("deadline '" + name + "' cannot be extended");
        }
        return new ExtensionResult.Extended(deadline(spec.get().extended(), receivedAt));
    }

    /** One deadline; the spec must have a positive amount, a unit and a calendar. */
    public Deadline deadline(DeadlineSpec spec, Instant receivedAt) {
        if (spec.amount() < 1 || spec.unit() == null || spec.calendar() == null) {
            throw new IllegalArgumentException("invalid deadline spec " + spec);
        }
        BusinessCalendar calendar = calendars.get().get(spec.calendar());
        Deadline computed = switch (spec.unit()) {
            case HOURS -> {
                Duration allowed = Duration.ofHours(spec.amount());
                yield new Deadline(spec.name(), calendar.addHours(receivedAt, allowed),
                        receivedAt.plus(fraction(allowed)));
            }
            case WORKING_HOURS -> {
                Duration allowed = Duration.ofHours(spec.amount());
                yield new Deadline(spec.name(), calendar.addWorkingHours(receivedAt, allowed),
                        calendar.addWorkingHours(receivedAt, fraction(allowed)));
            }
            case WORKING_DAYS -> {
                Instant due = calendar.addWorkingDays(receivedAt, spec.amount());
                Duration allowed = calendar.workingTimeBetween(receivedAt, due);
                yield new Deadline(spec.name(), due, calendar.addWorkingHours(receivedAt, fraction(allowed)));
            }
        };
        // Elapsed hours need no holiday data; working time across a year without it skips weekends only.
        boolean withoutHolidayData = spec.unit() != DeadlineUnit.HOURS && !calendar.hasDataBetween(receivedAt, computed.dueAt());
        return new Deadline(computed.name(), computed.dueAt(), computed.warnAt(), spec.metBy(), withoutHolidayData);
    }

    /**
     * The warning fraction of the allowed time, in whole microseconds: the precision PostgreSQL keeps, so the
     * warning instant watched is the one stored (a received-at of whole microseconds gives one of whole microseconds).
     */
    private Duration fraction(Duration allowed) {
        BigDecimal micros = new BigDecimal(allowed.getSeconds()).movePointRight(6)
                .add(BigDecimal.valueOf(allowed.getNano()).movePointLeft(3));
        return Duration.ofNanos(micros.multiply(warnFraction).setScale(0, RoundingMode.FLOOR).longValueExact() * 1000);
    }
}
