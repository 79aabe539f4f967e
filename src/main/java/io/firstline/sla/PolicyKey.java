package io.firstline.sla;

import io.firstline.kernel.Channel;

/**
 * What a policy applies to.
 *
 * @param type        contact type
 * @param severity    severity
 * @param channel     a specific channel, or {@code null} for any channel
 * @param repairClass for {@link ContactType#REPAIR} the repair class (required); {@code null} for other types
 */
public record PolicyKey(ContactType type, Severity severity, Channel channel, RepairClass repairClass) {

    public static PolicyKey of(ContactType type, Severity severity) {
        return new PolicyKey(type, severity, null, null);
    }

    public static PolicyKey repair(Severity severity, RepairClass repairClass) {
        return new PolicyKey(ContactType.REPAIR, severity, null, repairClass);
    }

    public PolicyKey withChannel(Channel newChannel) {
        return new PolicyKey(type, severity, newChannel, repairClass);
    }

    public PolicyKey withSeverity(Severity newSeverity) {
        return new PolicyKey(type, newSeverity, channel, repairClass);
    }
}
