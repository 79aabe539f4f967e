package io.firstline.sla;

import static io.firstline.sla.Cn2026.CALENDARS;
import static io.firstline.sla.Cn2026.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firstline.kernel.Channel;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlineCalculatorTest {

    private final DeadlineCalculator calculator = new DeadlineCalculator(CALENDARS);
    private final SlaPolicies policies = SlaPolicies.defaults();

    private SlaPolicy policy(ContactType type) {
        return policies.find(type, Severity.NORMAL, null, null).orElseThrow();
    }

    /**
     * Complaint received Friday 2026-09-18 17:00. By hand: acknowledge 24 h → Sat 19 17:00; investigate 1 working
     * day → Sun 20 (make-up) 18:00; reply 2 → Mon 21 18:00; resolve 3 → Tue 22 18:00. Warnings at 75 % of the
     * allowed working time: investigate 10 h (Fri 1 + Sun 9) → 7.5 h → Sun 15:30; reply 19 h → 14.25 h → Mon 13:15;
     * resolve 28 h → 21 h → Tue 11:00; acknowledge 24 h → 18 h → Sat 11:00.
     */
    @Test
    void complaintReceivedFridayBeforeAMakeUpSunday() {
        List<Deadline> deadlines = calculator.deadlines(policy(ContactType.COMPLAINT), at("2026-09-18T17:00"));
        assertThat(deadlines).containsExactly(
                new Deadline("acknowledge", at("2026-09-19T17:00"), at("2026-09-19T11:00")),
                new Deadline("investigate", at("2026-09-20T18:00"), at("2026-09-20T15:30")),
                new Deadline("reply", at("2026-09-21T18:00"), at("2026-09-21T13:15")),
                new Deadline("resolve", at("2026-09-22T18:00"), at("2026-09-22T11:00")));
    }

    /**
     * The same complaint at the same instant (17:00 Shanghai = 11:00 Berlin) in a workspace counting in Berlin: the
     * same working days (the shared holiday data), each ending at 18:00 Berlin time, six hours after Shanghai's.
     */
    @Test
    void anotherZoneCountsTheSameWorkingDaysOnItsOwnClock() {
        DeadlineCalculator berlin = calculator.inZone(java.time.ZoneId.of("Europe/Berlin"));
        assertThat(berlin.deadlines(policy(ContactType.COMPLAINT), at("2026-09-18T17:00")))
                .extracting(Deadline::name, Deadline::dueAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("acknowledge", at("2026-09-19T17:00")),
                        org.assertj.core.groups.Tuple.tuple("investigate", Instant.parse("2026-09-20T16:00:00Z")),
                        org.assertj.core.groups.Tuple.tuple("reply", Instant.parse("2026-09-21T16:00:00Z")),
                        org.assertj.core.groups.Tuple.tuple("resolve", Instant.parse("2026-09-22T16:00:00Z")));
        assertThat(berlin.calendars().officeHours().zone()).isEqualTo(java.time.ZoneId.of("Europe/Berlin"));
        assertThat(calculator.calendars().officeHours().zone()).isEqualTo(java.time.ZoneId.of("Asia/Shanghai"));
    }

    /** Extended to 7 working days: Tue 29 18:00 (Mid-Autumn skipped); 64 h allowed, warn after 48 h → Mon 28 11:00. */
    @Test
    void complaintResolveExtendedToSevenWorkingDays() {
        ExtensionResult result = calculator.extended(policy(ContactType.COMPLAINT), "resolve", at("2026-09-18T17:00"));
        assertThat(result).isEqualTo(new ExtensionResult.Extended(
                new Deadline("resolve", at("2026-09-29T18:00"), at("2026-09-28T11:00"))));
    }

    @Test
    void extensionRefusals() {
        assertThat(calculator.extended(policy(ContactType.COMPLAINT), "reply", at("2026-09-18T17:00")))
                .isInstanceOf(ExtensionResult.Refused.class);
        assertThat(calculator.extended(policy(ContactType.INQUIRY), "resolve", at("2026-09-18T17:00")))
                .isEqualTo(new ExtensionResult.Refused("the policy has no deadline 'resolve'"));
    }

    /** The day before the Mid-Autumn holiday, into National Day: resolve 3 → Wed 30; extended 7 → Mon Oct 12. */
    @Test
    void complaintBeforeTheHolidays() {
        Instant received = at("2026-09-24T17:00");
        assertThat(calculator.deadlines(policy(ContactType.COMPLAINT), received))
                .extracting(Deadline::name, Deadline::dueAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("acknowledge", at("2026-09-25T17:00")),
                        org.assertj.core.groups.Tuple.tuple("investigate", at("2026-09-28T18:00")),
                        org.assertj.core.groups.Tuple.tuple("reply", at("2026-09-29T18:00")),
                        org.assertj.core.groups.Tuple.tuple("resolve", at("2026-09-30T18:00")));
        ExtensionResult.Extended extended = (ExtensionResult.Extended) calculator.extended(
                policy(ContactType.COMPLAINT), "resolve", received);
        assertThat(extended.deadline().dueAt()).isEqualTo(at("2026-10-12T18:00"));
    }

    @Test
    void otherDefaults() {
        Instant received = at("2026-09-30T10:00");
        assertThat(calculator.deadlines(policy(ContactType.INQUIRY), received))
                .containsExactly(new Deadline("reply", at("2026-10-01T10:00"), at("2026-10-01T04:00")));
        // suggestion: 5 working days after Wed Sep 30: Oct 8, 9, 10 (Sat, make-up), 12, 13
        assertThat(calculator.deadlines(policy(ContactType.SUGGESTION), received).get(0).dueAt())
                .isEqualTo(at("2026-10-13T18:00"));
        // service request: 10 working days: ... 13 (5), 14, 15, 16, 19, 20 (10)
        assertThat(calculator.deadlines(policy(ContactType.SERVICE_REQUEST), received).get(0).dueAt())
                .isEqualTo(at("2026-10-20T18:00"));
        for (RepairClass repairClass : RepairClass.values()) {
            SlaPolicy repair = policies.find(ContactType.REPAIR, Severity.MAJOR, Channel.PHONE, repairClass).orElseThrow();
            int hours = switch (repairClass) {
                case SMALL -> 24;
                case MEDIUM -> 48;
                case LARGE -> 72;
            };
            assertThat(calculator.deadlines(repair, received))
                    .containsExactly(new Deadline("resolve", received.plusSeconds(hours * 3600L),
                            received.plusSeconds(hours * 2700L)));
        }
    }

    @Test
    void workingHoursUnitCountsOnlyOfficeHours() {
        SlaPolicy policy = SlaPolicy.of(PolicyKey.of(ContactType.INQUIRY, Severity.NORMAL),
                DeadlineSpec.of("first_response", 4, DeadlineUnit.WORKING_HOURS, CalendarKind.OFFICE_HOURS));
        // Thursday before Mid-Autumn 16:00: 2 h on Thursday, then Monday 28 from 09:00; warn after 3 h
        assertThat(calculator.deadlines(policy, at("2026-09-24T16:00")))
                .containsExactly(new Deadline("first_response", at("2026-09-28T11:00"), at("2026-09-28T10:00")));
    }

    @Test
    void warningFractionIsConfigurable() {
        DeadlineCalculator half = new DeadlineCalculator(CALENDARS, 0.5);
        assertThat(half.deadlines(policy(ContactType.INQUIRY), at("2026-03-02T10:00")).get(0).warnAt())
                .isEqualTo(at("2026-03-02T22:00"));
        assertThatThrownBy(() -> new DeadlineCalculator(CALENDARS, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeadlineCalculator(CALENDARS, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deadlineState() {
        Deadline reply = new Deadline("reply", at("2026-03-02T18:00"), at("2026-03-02T15:00"));
        assertThat(reply.stateAt(at("2026-03-02T14:59"))).isEqualTo(Deadline.State.ON_TRACK);
        assertThat(reply.stateAt(at("2026-03-02T15:00"))).isEqualTo(Deadline.State.AT_RISK);
        assertThat(reply.stateAt(at("2026-03-02T18:00"))).isEqualTo(Deadline.State.BREACHED);
    }

    @Test
    void invalidPolicyIsRefused() {
        SlaPolicy bad = SlaPolicy.of(PolicyKey.of(ContactType.INQUIRY, Severity.NORMAL), DeadlineSpec.hours("reply", 0));
        assertThatThrownBy(() -> calculator.deadlines(bad, at("2026-03-02T10:00")))
                .hasMessageContaining("amount must be positive");
    }
}
