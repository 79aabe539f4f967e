package io.firstline.sla;

import static io.firstline.sla.DeadlineSpec.ACKNOWLEDGE;
import static io.firstline.sla.DeadlineSpec.INVESTIGATE;
import static io.firstline.sla.DeadlineSpec.REPLY;
import static io.firstline.sla.DeadlineSpec.RESOLVE;

import io.firstline.kernel.Channel;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A set of policies and the lookup that picks one for a contact. Lookup order, first match wins:
 * <ol>
 *   <li>type, severity, the contact's channel, repair class;</li>
 *   <li>type, severity, any channel, repair class;</li>
 *   <li>for a {@link Severity#MAJOR} contact, the same two with {@link Severity#NORMAL}: a major matter keeps the
 *       normal deadlines unless a major policy exists (it is escalated at once anyway).</li>
 * </ol>
 */
public record SlaPolicies(List<SlaPolicy> policies) {

    public SlaPolicies {
        policies = List.copyOf(policies);
    }

    /**
     * The defaults of DOMAIN §3: inquiry reply 24 h; suggestion reply 5 working days; complaint acknowledge 24 h,
     * investigate 1 working day, reply 2 working days, resolve 3 working days extendable to 7; repair small /
     * medium / large resolve 24 / 48 / 72 h; service request resolve 10 working days. Hours are plain elapsed
     * hours on the 24-hour calendar; working days end at the close of office hours.
     */
    public static SlaPolicies defaults() {
        return new SlaPolicies(List.of(
                SlaPolicy.of(PolicyKey.of(ContactType.INQUIRY, Severity.NORMAL), DeadlineSpec.hours(REPLY, 24)),
                SlaPolicy.of(PolicyKey.of(ContactType.SUGGESTION, Severity.NORMAL),
                        DeadlineSpec.workingDays(REPLY, 5)),
                SlaPolicy.of(PolicyKey.of(ContactType.COMPLAINT, Severity.NORMAL),
                        DeadlineSpec.hours(ACKNOWLEDGE, 24),
                        DeadlineSpec.workingDays(INVESTIGATE, 1),
                        DeadlineSpec.workingDays(REPLY, 2),
                        DeadlineSpec.workingDays(RESOLVE, 3).extendableTo(7)),
                SlaPolicy.of(PolicyKey.repair(Severity.NORMAL, RepairClass.SMALL), DeadlineSpec.hours(RESOLVE, 24)),
                SlaPolicy.of(PolicyKey.repair(Severity.NORMAL, RepairClass.MEDIUM), DeadlineSpec.hours(RESOLVE, 48)),
                SlaPolicy.of(PolicyKey.repair(Severity.NORMAL, RepairClass.LARGE), DeadlineSpec.hours(RESOLVE, 72)),
                SlaPolicy.of(PolicyKey.of(ContactType.SERVICE_REQUEST, Severity.NORMAL),
                        DeadlineSpec.workingDays(RESOLVE, 10))));
    }

    /** The policy for a contact; see the class comment for the order. {@code channel} and {@code repairClass} may be null. */
    public Optional<SlaPolicy> find(ContactType type, Severity severity, Channel channel, RepairClass repairClass) {
        PolicyKey exact = new PolicyKey(type, severity, channel, repairClass);
        List<PolicyKey> candidates = severity == Severity.MAJOR
                ? List.of(exact, exact.withChannel(null), exact.withSeverity(Severity.NORMAL),
                        exact.withSeverity(Severity.NORMAL).withChannel(null))
                : List.of(exact, exact.withChannel(null));
        for (PolicyKey key : candidates) {
            Optional<SlaPolicy> found = policies.stream().filter(p -> key.equals(p.key())).findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** This set with {@code policy} added, replacing any policy with the same key. */
    public SlaPolicies with(SlaPolicy policy) {
        List<SlaPolicy> others = policies.stream().filter(p -> !p.key().equals(policy.key())).toList();
        return new SlaPolicies(Stream.concat(others.stream(), Stream.of(policy)).toList());
    }
}
