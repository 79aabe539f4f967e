package io.firstline.sla;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks an SLA policy and returns its problems (an empty list means valid); nothing is thrown for a bad policy.
 *
 * <p>Rules: a key with type and severity; a repair class exactly for repair policies; at least one deadline;
 * each deadline with a lower-case name ({@code [a-z][a-z0-9_]*}), unique in the policy, a positive amount no
 * larger than {@link #MAX_HOURS} hours or {@link #MAX_WORKING_DAYS} working days, a known unit and calendar,
 * and an extension (if any) longer than the deadline; and the stages in order — {@code first_response} and
 * {@code acknowledge} ≤ {@code investigate} ≤ {@code reply} ≤ {@code resolve} — when two of them are counted
 * the same way (same unit; for working units also the same calendar). Deadlines in different units are not
 * compared: a 24 h acknowledgement may legitimately fall after a 1-working-day deadline for a contact received
 * late in the evening.
 */
public final class SlaPolicyValidator {

    /** Longest deadline in hours or working hours: one year. */
    public static final int MAX_HOURS = 24 * 366;
    /** Longest deadline in working days. */
    public static final int MAX_WORKING_DAYS = 366;

    private static final Map<String, Integer> STAGE = Map.of(
            DeadlineSpec.FIRST_RESPONSE, 0, DeadlineSpec.ACKNOWLEDGE, 0, DeadlineSpec.INVESTIGATE, 1,
            DeadlineSpec.REPLY, 2, DeadlineSpec.RESOLVE, 3);

    private SlaPolicyValidator() {
    }

    public static List<String> validate(SlaPolicy policy) {
        List<String> problems = new ArrayList<>();
        if (policy == null) {
            return List.of("policy is missing");
        }
        PolicyKey key = policy.key();
        if (key == null) {
            problems.add("key is missing");
        } else {
            if (key.type() == null) {
                problems.add("contact type is missing or unknown");
            }
            if (key.severity() == null) {
                problems.add("severity is missing or unknown");
            }
            if (key.type() == ContactType.REPAIR && key.repairClass() == null) {
                problems.add("a repair policy needs a repair class (small, medium, large)");
            }
            if (key.type() != null && key.type() != ContactType.REPAIR && key.repairClass() != null) {
                problems.add("only repair policies have a repair class");
            }
        }
        if (policy.deadlines().isEmpty()) {
            problems.add("a policy needs at least one deadline");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < policy.deadlines().size(); i++) {
            DeadlineSpec spec = policy.deadlines().get(i);
            if (spec == null) {
                problems.add("deadline #" + (i + 1) + " is missing");
                continue;
            }
            String name = spec.name();
            String label = "deadline '" + name + "'";
            if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
                label = "deadline #" + (i + 1);
                problems.add(label + ": name must be lower-case letters, digits and '_', was " + quoted(name));
            } else if (!names.add(name)) {
                problems.add(label + ": name used twice");
            }
            if (spec.amount() <= 0) {
                problems.add(label + ": amount must be positive, was " + spec.amount());
            }
            if (spec.unit() == null) {
                problems.add(label + ": unit is missing or unknown (expected HOURS, WORKING_HOURS or WORKING_DAYS)");
            }
            if (spec.calendar() == null) {
                problems.add(label + ": calendar is missing or unknown (expected ALL_DAY or OFFICE_HOURS)");
            }
            if (spec.unit() != null) {
                int max = spec.unit() == DeadlineUnit.WORKING_DAYS ? MAX_WORKING_DAYS : MAX_HOURS;
                if (spec.amount() > max) {
                    problems.add(label + ": amount " + spec.amount() + " exceeds the maximum of " + max);
                }
                if (spec.extendedAmount() > max) {
                    problems.add(label + ": extension " + spec.extendedAmount() + " exceeds the maximum of " + max);
                }
            }
            if (spec.extendedAmount() < 0) {
                problems.add(label + ": extension must be positive or 0 (none), was " + spec.extendedAmount());
            } else if (spec.extendable() && spec.extendedAmount() <= spec.amount()) {
                problems.add(label + ": extension (" + spec.extendedAmount() + ") must be longer than the deadline ("
                        + spec.amount() + ")");
            }
        }
        problems.addAll(stageOrder(policy.deadlines()));
        return List.copyOf(problems);
    }

    /** Problems of every policy, prefixed with its position, plus keys used twice. */
    public static List<String> validate(SlaPolicies policies) {
        List<String> problems = new ArrayList<>();
        Map<PolicyKey, Integer> seen = new HashMap<>();
        for (int i = 0; i < policies.policies().size(); i++) {
            SlaPolicy policy = policies.policies().get(i);
            String prefix = "policy #" + (i + 1) + ": ";
            validate(policy).forEach(problem -> problems.add(prefix + problem));
            if (policy != null && policy.key() != null) {
                Integer previous = seen.putIfAbsent(policy.key(), i + 1);
                if (previous != null) {
                    problems.add(prefix + "same key as policy #" + previous + ": " + policy.key());
                }
            }
        }
        return List.copyOf(problems);
    }

    private static List<String> stageOrder(List<DeadlineSpec> deadlines) {
        List<String> problems = new ArrayList<>();
        List<DeadlineSpec> staged = deadlines.stream().filter(Objects::nonNull)
                .filter(d -> d.name() != null && STAGE.containsKey(d.name()) && d.unit() != null && d.amount() > 0)
                .toList();
        for (DeadlineSpec earlier : staged) {
            for (DeadlineSpec later : staged) {
                if (STAGE.get(earlier.name()) < STAGE.get(later.name()) && comparable(earlier, later)
                        && later.amount() < earlier.amount()) {
                    problems.add("deadline '" + later.name() + "' (" + later.amount() + " " + later.unit()
                            + ") would fall before '" + earlier.name() + "' (" + earlier.amount() + " "
                            + earlier.unit() + ")");
                }
            }
        }
        return problems;
    }

    private static boolean comparable(DeadlineSpec a, DeadlineSpec b) {
        if (a.unit() != b.unit()) {
            return false;
        }
        return a.unit() == DeadlineUnit.HOURS || Objects.equals(a.calendar(), b.calendar());
    }

    private static String quoted(String text) {
        return text == null ? "nothing" : "'" + text + "'";
    }
}
