package io.firstline.sla;

import static org.assertj.core.api.Assertions.assertThat;

import io.firstline.kernel.Channel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlaPoliciesTest {

    private final SlaPolicies defaults = SlaPolicies.defaults();

    @Test
    void defaultsAreValidAndCoverEveryType() {
        assertThat(SlaPolicyValidator.validate(defaults)).isEmpty();
        for (ContactType type : ContactType.values()) {
            for (Severity severity : Severity.values()) {
                for (Channel channel : Channel.values()) {
                    RepairClass repairClass = type == ContactType.REPAIR ? RepairClass.MEDIUM : null;
                    assertThat(defaults.find(type, severity, channel, repairClass)).as("%s %s %s", type, severity, channel)
                            .isPresent();
                }
            }
        }
    }

    @Test
    void complaintDefaultsMatchDomain() {
        SlaPolicy complaint = defaults.find(ContactType.COMPLAINT, Severity.NORMAL, null, null).orElseThrow();
        assertThat(complaint.deadlines()).containsExactly(
                new DeadlineSpec("acknowledge", 24, DeadlineUnit.HOURS, CalendarKind.ALL_DAY, 0),
                new DeadlineSpec("investigate", 1, DeadlineUnit.WORKING_DAYS, CalendarKind.OFFICE_HOURS, 0),
                new DeadlineSpec("reply", 2, DeadlineUnit.WORKING_DAYS, CalendarKind.OFFICE_HOURS, 0),
                new DeadlineSpec("resolve", 3, DeadlineUnit.WORKING_DAYS, CalendarKind.OFFICE_HOURS, 7));
    }

    @Test
    void lookupPrefersChannelThenSeverity() {
        SlaPolicy phoneMajor = SlaPolicy.of(new PolicyKey(ContactType.INQUIRY, Severity.MAJOR, Channel.PHONE, null),
                DeadlineSpec.hours("reply", 2));
        SlaPolicy major = SlaPolicy.of(PolicyKey.of(ContactType.INQUIRY, Severity.MAJOR), DeadlineSpec.hours("reply", 8));
        SlaPolicies policies = defaults.with(phoneMajor).with(major);
        assertThat(policies.find(ContactType.INQUIRY, Severity.MAJOR, Channel.PHONE, null)).contains(phoneMajor);
        assertThat(policies.find(ContactType.INQUIRY, Severity.MAJOR, Channel.EMAIL, null)).contains(major);
        assertThat(policies.find(ContactType.INQUIRY, Severity.NORMAL, Channel.PHONE, null).orElseThrow()
                .deadline("reply").orElseThrow().amount()).isEqualTo(24);
        assertThat(policies.find(ContactType.REPAIR, Severity.NORMAL, null, null)).isEmpty();
    }

    @Test
    void withReplacesTheSameKey() {
        SlaPolicy inquiry = SlaPolicy.of(PolicyKey.of(ContactType.INQUIRY, Severity.NORMAL), DeadlineSpec.hours("reply", 12));
        SlaPolicies changed = defaults.with(inquiry);
        assertThat(changed.policies()).hasSameSizeAs(defaults.policies());
        assertThat(changed.find(ContactType.INQUIRY, Severity.NORMAL, null, null)).contains(inquiry);
    }

    @Test
    void validatorReportsEveryProblem() {
        PolicyKey key = PolicyKey.of(ContactType.COMPLAINT, Severity.NORMAL);
        List<DeadlineSpec> specs = new ArrayList<>(Arrays.asList(
                DeadlineSpec.workingDays("reply", 3),
                DeadlineSpec.workingDays("resolve", 2).extendableTo(2),
                DeadlineSpec.hours("acknowledge", 0),
                new DeadlineSpec("investigate", 1, null, CalendarKind.OFFICE_HOURS, 0),
                new DeadlineSpec("Bad Name", 1, DeadlineUnit.HOURS, null, 0),
                DeadlineSpec.hours("reply", 5),
                DeadlineSpec.workingDays("follow_up", 400),
                null));
        List<String> problems = SlaPolicyValidator.validate(new SlaPolicy(key, specs));
        assertThat(problems).containsExactlyInAnyOrder(
                "deadline 'resolve': extension (2) must be longer than the deadline (2)",
                "deadline 'acknowledge': amount must be positive, was 0",
                "deadline 'investigate': unit is missing or unknown (expected HOURS, WORKING_HOURS or WORKING_DAYS)",
                "deadline #5: name must be lower-case letters, digits and '_', was 'Bad Name'",
                "deadline #5: calendar is missing or unknown (expected ALL_DAY or OFFICE_HOURS)",
                "deadline 'reply': name used twice",
                "deadline 'follow_up': amount 400 exceeds the maximum of 366",
                "deadline #8 is missing",
                "deadline 'resolve' (2 WORKING_DAYS) would fall before 'reply' (3 WORKING_DAYS)");
    }

    @Test
    void validatorChecksTheKey() {
        assertThat(SlaPolicyValidator.validate(SlaPolicy.of(new PolicyKey(ContactType.REPAIR, Severity.NORMAL, null, null),
                DeadlineSpec.hours("resolve", 24)))).containsExactly("a repair policy needs a repair class (small, medium, large)");
        assertThat(SlaPolicyValidator.validate(SlaPolicy.of(new PolicyKey(ContactType.INQUIRY, null, null, RepairClass.SMALL))))
                .containsExactlyInAnyOrder("severity is missing or unknown", "only repair policies have a repair class",
                        "a policy needs at least one deadline");
        assertThat(SlaPolicyValidator.validate((SlaPolicy) null)).containsExactly("policy is missing");
        SlaPolicy first = defaults.policies().get(0);
        assertThat(SlaPolicyValidator.validate(new SlaPolicies(List.of(first, first))))
                .containsExactly("policy #2: same key as policy #1: " + first.key());
    }

    @Test
    void differentUnitsAreNotCompared() {
        // 24 h acknowledge after a 1-working-day investigation is legitimate for a late-evening contact
        assertThat(SlaPolicyValidator.validate(SlaPolicy.of(PolicyKey.of(ContactType.COMPLAINT, Severity.NORMAL),
                DeadlineSpec.hours("acknowledge", 48), DeadlineSpec.workingDays("investigate", 1)))).isEmpty();
        assertThat(SlaPolicyValidator.validate(SlaPolicy.of(PolicyKey.of(ContactType.COMPLAINT, Severity.NORMAL),
                DeadlineSpec.hours("reply", 48), DeadlineSpec.hours("resolve", 24))))
                .containsExactly("deadline 'resolve' (24 HOURS) would fall before 'reply' (48 HOURS)");
    }

    @Test
    void unitsParseFromConfiguration() {
        assertThat(DeadlineUnit.parse("working-days")).contains(DeadlineUnit.WORKING_DAYS);
        assertThat(DeadlineUnit.parse("hours")).contains(DeadlineUnit.HOURS);
        assertThat(DeadlineUnit.parse("fortnights")).isEmpty();
        assertThat(CalendarKind.parse("office_hours")).contains(CalendarKind.OFFICE_HOURS);
        assertThat(ContactType.fromWireName("service_request")).contains(ContactType.SERVICE_REQUEST);
    }
}
