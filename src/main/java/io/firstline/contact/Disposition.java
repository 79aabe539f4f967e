package io.firstline.contact;

import io.firstline.DomainModel;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a contact ended, recorded on resolve for first-contact resolution and complaint analysis. */
@DomainModel
public enum Disposition {
    RESOLVED_FIRST_CONTACT(false), RESOLVED_AFTER_TRANSFER(false), REFERRED(true), NOT_REPRODUCIBLE(true),
    INVALID_COMPLAINT(true);

    private final boolean needsReason;

    Disposition(boolean needsReason) {
        this.needsReason = needsReason;
    }

    /** Referred, not reproducible and invalid complaint say why; a resolution may. */
    public boolean needsReason() {
        return needsReason;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Disposition> fromWireName(String name) {
        return Arrays.stream(values()).filter(d -> d.wireName().equals(name)).findFirst();
    }

    public static String wireNames() {
        return String.join(", ", Arrays.stream(values()).map(Disposition::wireName).toList());
    }
}
