package io.firstline.report.history;

import io.firstline.DomainModel;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The report periods: a day, a Monday-based week, a calendar month, or any range of days. */
@DomainModel
public enum ReportKind {
    DAILY, WEEKLY, MONTHLY, RANGE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ReportKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(kind -> kind.wireName().equals(name)).findFirst();
    }
}
