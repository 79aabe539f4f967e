package io.firstline.sla;

import java.util.Objects;
import java.util.Optional;

/** What a contact is about and how serious it is; decides its SLA policy. */
public record Classification(ContactType type, Severity severity, RepairClass repairClass) {

    public static final Classification DEFAULT = new Classification(ContactType.INQUIRY, Severity.NORMAL, null);

    public Classification {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        if (type != ContactType.REPAIR) {
            repairClass = null;
        } else if (repairClass == null) {
            repairClass = RepairClass.SMALL;
        }
    }

    public Optional<RepairClass> repair() {
        return Optional.ofNullable(repairClass);
    }
}
