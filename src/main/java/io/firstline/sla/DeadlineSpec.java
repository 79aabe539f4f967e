package io.firstline.sla;

import java.util.EnumSet;
import java.util.Set;

/**
 * One named deadline of a policy: {@code amount} {@code unit}s counted on the {@code calendar}, optionally
 * extendable (with approval) to {@code extendedAmount} of the same unit. Values are not checked here, so that
 * {@link SlaPolicyValidator} can report every problem of a submitted policy; {@link DeadlineCalculator} refuses
 * invalid specs.
 *
 * @param name           {@code first_response}, {@code acknowledge}, {@code investigate}, {@code reply},
 *                       {@code resolve}, or another lower-case name
 * @param amount         how many units (positive)
 * @param unit           how the amount is counted
 * @param calendar       which calendar the units run on (for {@link DeadlineUnit#HOURS} it does not change the
 *                       result)
 * @param extendedAmount the approved extension's amount, or 0 when the deadline cannot be extended
 * @param metBy          the events that meet it (it can always be met by hand too); {@link StepEvent#defaultsFor}
 *                       its name when not given
 */
public record DeadlineSpec(String name, int amount, DeadlineUnit unit, CalendarKind calendar, int extendedAmount,
                           Set<StepEvent> metBy) {

    public static final String FIRST_RESPONSE = "first_response";
    public static final String ACKNOWLEDGE = "acknowledge";
    public static final String INVESTIGATE = "investigate";
    public static final String REPLY = "reply";
    public static final String RESOLVE = "resolve";
    /** The result fed back to the customer after the resolution (DOMAIN §3); added when a contact is resolved. */
    public static final String FEEDBACK = "feedback";

    public DeadlineSpec {
        metBy = metBy == null || metBy.isEmpty() ? StepEvent.defaultsFor(name) : Set.copyOf(EnumSet.copyOf(metBy));
    }

    /** A spec met by the default events for its name. */
    public DeadlineSpec(String name, int amount, DeadlineUnit unit, CalendarKind calendar, int extendedAmount) {
        this(name, amount, unit, calendar, extendedAmount, null);
    }

    public static DeadlineSpec of(String name, int amount, DeadlineUnit unit, CalendarKind calendar) {
        return new DeadlineSpec(name, amount, unit, calendar, 0);
    }

    /** Plain hours on the 24-hour calendar. */
    public static DeadlineSpec hours(String name, int amount) {
        return of(name, amount, DeadlineUnit.HOURS, CalendarKind.ALL_DAY);
    }

    /** Working days on the office-hours calendar. */
    public static DeadlineSpec workingDays(String name, int amount) {
        return of(name, amount, DeadlineUnit.WORKING_DAYS, CalendarKind.OFFICE_HOURS);
    }

    /** This spec, extendable with approval to {@code amount} units. */
    public DeadlineSpec extendableTo(int amount) {
        return new DeadlineSpec(name, this.amount, unit, calendar, amount, metBy);
    }

    /** This spec, met by {@code events} instead of the defaults. */
    public DeadlineSpec metBy(StepEvent first, StepEvent... rest) {
        return new DeadlineSpec(name, amount, unit, calendar, extendedAmount, EnumSet.of(first, rest));
    }

    public boolean extendable() {
        return extendedAmount != 0;
    }

    /** This spec with the extended amount in force (and no further extension). */
    public DeadlineSpec extended() {
        return new DeadlineSpec(name, extendedAmount, unit, calendar, 0, metBy);
    }
}
