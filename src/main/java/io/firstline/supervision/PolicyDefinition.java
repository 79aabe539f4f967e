package io.firstline.supervision;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import io.firstline.kernel.Channel;
import io.firstline.sla.CalendarKind;
import io.firstline.sla.ContactType;
import io.firstline.sla.DeadlineSpec;
import io.firstline.sla.DeadlineUnit;
import io.firstline.sla.PolicyKey;
import io.firstline.sla.RepairClass;
import io.firstline.sla.Severity;
import io.firstline.sla.SlaPolicy;
import io.firstline.sla.StepEvent;

/**
 * An SLA policy as written in configuration and sent over the API:
 * {@code {"type":"complaint","severity":"normal","channel":null,"repairClass":null,
 * "deadlines":[{"name":"resolve","amount":3,"unit":"working_days","calendar":"office_hours","extendableTo":7}]}}.
 */
record PolicyDefinition(String type, String severity, String channel, String repairClass,
                               List<DeadlineDefinition> deadlines) {

    /** {@code metBy}: the events that meet it ({@code reply}, {@code resolve}, {@code follow_up}); absent: the defaults. */
    public record DeadlineDefinition(String name, Integer amount, String unit, String calendar, Integer extendableTo,
                                     List<String> metBy) {
    }

    /** The policy, or what is wrong with this definition. */
    public record Parsed(SlaPolicy policy, List<String> problems) {
    }

    public Parsed parse() {
        List<String> problems = new ArrayList<>();
        Optional<ContactType> contactType = ContactType.fromWireName(type);
        if (contactType.isEmpty()) {
            problems.add("type must be one of inquiry, suggestion, complaint, repair, service_request");
        }
        Optional<Severity> level = Severity.fromWireName(severity == null ? "normal" : severity);
        if (level.isEmpty()) {
            problems.add("severity must be normal or major");
        }
        Channel onChannel = null;
        if (channel != null && !channel.isBlank()) {
            onChannel = Channel.fromWireName(channel).orElse(null);
            if (onChannel == null) {
                problems.add("channel must be one of phone, webchat, email, wechat, visit, letter (or absent for any)");
            }
        }
        RepairClass repair = null;
        if (repairClass != null && !repairClass.isBlank()) {
            repair = RepairClass.fromWireName(repairClass).orElse(null);
            if (repair == null) {
                problems.add("repairClass must be small, medium or large");
            }
        }
        List<DeadlineSpec> specs = new ArrayList<>();
        if (deadlines == null || deadlines.isEmpty()) {
            problems.add("deadlines must list at least one deadline");
        } else {
            for (int i = 0; i < deadlines.size(); i++) {
                parseDeadline(deadlines.get(i), "deadlines[" + i + "]", problems).ifPresent(specs::add);
            }
        }
        if (!problems.isEmpty()) {
            return new Parsed(null, problems);
        }
        return new Parsed(new SlaPolicy(new PolicyKey(contactType.get(), level.get(), onChannel, repair), specs), List.of());
    }

    private static Optional<DeadlineSpec> parseDeadline(DeadlineDefinition d, String where, List<String> problems) {
        if (d == null) {
            problems.add(where + " is empty");
            return Optional.empty();
        }
        Optional<DeadlineUnit> unit = DeadlineUnit.parse(d.unit());
        Optional<CalendarKind> calendar = d.calendar() == null
                ? Optional.of(unit.orElse(DeadlineUnit.HOURS) == DeadlineUnit.HOURS ? CalendarKind.ALL_DAY : CalendarKind.OFFICE_HOURS)
                : CalendarKind.parse(d.calendar());
        int before = problems.size();
        if (d.name() == null || d.name().isBlank()) {
            problems.add(where + ".name is required");
        }
        if (d.amount() == null) {
            problems.add(where + ".amount is required");
        }
        if (unit.isEmpty()) {
            problems.add(where + ".unit must be hours, working_hours or working_days");
        }
        if (calendar.isEmpty()) {
            problems.add(where + ".calendar must be all_day or office_hours");
        }
        Set<StepEvent> metBy = EnumSet.noneOf(StepEvent.class);
        for (String event : d.metBy() == null ? List.<String>of() : d.metBy()) {
            StepEvent.fromWireName(event).ifPresentOrElse(metBy::add, () -> problems.add(where
                    + ".metBy: unknown event " + (event == null ? "null" : "'" + event + "'")
                    + " (expected reply, resolve or follow_up)"));
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new DeadlineSpec(d.name(), d.amount(), unit.get(), calendar.get(),
                d.extendableTo() == null ? 0 : d.extendableTo(), metBy));
    }

    public static PolicyDefinition of(SlaPolicy policy) {
        PolicyKey key = policy.key();
        return new PolicyDefinition(key.type().wireName(), key.severity().wireName(),
                key.channel() == null ? null : key.channel().wireName(),
                key.repairClass() == null ? null : key.repairClass().wireName(),
                policy.deadlines().stream().map(spec -> new DeadlineDefinition(spec.name(), spec.amount(),
                        spec.unit().name().toLowerCase(java.util.Locale.ROOT),
                        spec.calendar().name().toLowerCase(java.util.Locale.ROOT),
                        spec.extendable() ? spec.extendedAmount() : null,
                        spec.metBy().stream().sorted().map(StepEvent::wireName).toList())).toList());
    }

    /** A stable text key for storage: {@code type/severity/channel-or-any/repair-class-or-none}. */
    public static String storageKey(PolicyKey key) {
        return key.type().wireName() + "/" + key.severity().wireName() + "/"
                + (key.channel() == null ? "any" : key.channel().wireName()) + "/"
                + (key.repairClass() == null ? "none" : key.repairClass().wireName());
    }
}
