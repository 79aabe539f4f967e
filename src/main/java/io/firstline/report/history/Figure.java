package io.firstline.report.history;

import io.firstline.DomainModel;

/**
 * The contacts behind a figure of a report: {@code all}, {@code complaints}, {@code valid_complaints},
 * {@code resolved}, {@code late} (a deadline missed), {@code overdue_follow_ups}, {@code low_satisfaction} (1-2),
 * or one row of a breakdown: {@code channel:<channel>}, {@code type:<type>}, {@code cause:<code>},
 * {@code department:<code>}. {@code condition} is SQL over {@code c} (the contact) with {@code :figure} as its value.
 */
@DomainModel
record Figure(String name, String condition, String value) {

    static final String NAMES = "all, complaints, valid_complaints, resolved, late, overdue_follow_ups, low_satisfaction,"
            + " channel:<channel>, type:<type>, cause:<code>, department:<code>";

    /** The figure of that name, or null when there is none. */
    static Figure of(String name) {
        String figure = name == null ? "all" : name;
        int colon = figure.indexOf(':');
        if (colon > 0) {
            String value = figure.substring(colon + 1);
            String condition = switch (figure.substring(0, colon)) {
                case "channel" -> "c.channel = :figure";
                case "type" -> "c.type = :figure";
                case "cause" -> "c.type = 'complaint' AND c.cause_id IN (SELECT id FROM complaint_cause WHERE code = :figure)";
                case "department" -> "c.department_id IN (SELECT id FROM department WHERE code = :figure)";
                default -> null;
            };
            return condition == null || value.isEmpty() ? null : new Figure(figure, condition, value);
        }
        String condition = switch (figure) {
            case "all" -> "true";
            case "complaints" -> "c.type = 'complaint'";
            case "valid_complaints" -> "c.type = 'complaint' AND c.complaint_valid";
            case "resolved" -> "c.resolved_at IS NOT NULL";
            case "late" -> "EXISTS (SELECT 1 FROM contact_deadline d WHERE d.contact_id = c.id AND "
                    + ReportQueries.MET_AT + " > d.due_at)";
            case "overdue_follow_ups" -> "EXISTS (SELECT 1 FROM follow_up f WHERE f.contact_id = c.id AND f.status = 'due'"
                    + " AND f.due_at < now())";
            case "low_satisfaction" -> "EXISTS (SELECT 1 FROM follow_up f WHERE f.contact_id = c.id AND f.satisfaction <= 2)";
            default -> null;
        };
        return condition == null ? null : new Figure(figure, condition, null);
    }
}
