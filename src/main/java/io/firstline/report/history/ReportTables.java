package io.firstline.report.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A report as tables (one sheet each in XLSX, one block each in CSV): what an export writes. */
final class ReportTables {

    record Table(String name, List<String> headers, List<List<Object>> rows) {
    }

    private ReportTables() {
    }

    static List<Table> of(Report report) {
        List<Table> tables = new ArrayList<>();
        Report.Totals t = report.totals();
        tables.add(new Table("summary", List.of("figure", "value"), List.of(
                row("report", report.kind()), row("from", report.from().toString()),
                row("to (exclusive)", report.to().toString()), row("time zone", report.timeZone()),
                row("filters", report.filters().toString()), row("contacts", t.contacts()),
                row("complaints", t.complaints()), row("valid complaints", t.validComplaints()),
                row("valid complaint rate", t.validComplaintRate()), row("valid complaint target", t.validComplaintTarget()),
                row("resolved", t.resolved()), row("first-contact resolved", t.firstContactResolved()),
                row("first-contact resolution rate", t.firstContactResolutionRate()),
                row("repair on-time rate", report.deadlines().repairOnTimeRate()),
                row("repair on-time target", report.deadlines().repairOnTimeTarget()),
                row("follow-ups", report.followUps().total()), row("follow-ups done", report.followUps().done()),
                row("follow-ups overdue", report.followUps().overdue()),
                row("follow-up completion rate", report.followUps().completionRate()),
                row("satisfaction scored", report.satisfaction().scored()),
                row("satisfaction mean", report.satisfaction().mean()),
                row("satisfaction 1-2 share", report.satisfaction().lowShare()))));
        tables.add(counts("by channel", report.breakdowns().byChannel()));
        tables.add(counts("by type", report.breakdowns().byType()));
        tables.add(counts("by severity", report.breakdowns().bySeverity()));
        tables.add(counts("complaints by cause", report.breakdowns().byCause()));
        tables.add(counts("by department", report.breakdowns().byDepartment()));
        tables.add(new Table("per day", List.of("day", "channel", "contacts"), report.perDay().stream()
                .map(d -> row(d.day().toString(), d.channel(), d.contacts())).toList()));
        tables.add(new Table("deadlines", List.of("deadline", "type", "total", "on time", "late", "open", "open overdue",
                "on-time rate"), report.deadlines().byKind().stream().map(d -> row(d.deadline(), d.type(), d.total(),
                d.onTime(), d.late(), d.open(), d.openOverdue(), d.onTimeRate())).toList()));
        List<List<Object>> distribution = new ArrayList<>();
        for (Map.Entry<Integer, Long> score : report.satisfaction().distribution().entrySet()) {
            distribution.add(row(score.getKey(), score.getValue()));
        }
        tables.add(new Table("satisfaction", List.of("score", "follow-ups"), distribution));
        tables.add(new Table("service", List.of("channel", "contacts", "answered", "answered in time", "service level",
                "ASA (s)", "abandoned", "abandon rate"), report.service().stream().map(s -> row(s.channel(), s.contacts(),
                s.answered(), s.answeredInTime(), s.serviceLevel(), s.averageSpeedOfAnswerSeconds(), s.abandoned(),
                s.abandonRate())).toList()));
        tables.add(new Table("agents", List.of("agent", "name", "handled", "first responder of", "on time", "late",
                "on-time rate", "complaints against", "mean satisfaction", "average handle time (s)"),
                report.agents().stream().map(a -> row(a.username(), a.name(), a.handled(), a.firstResponderOf(),
                        a.onTime(), a.late(), a.onTimeRate(), a.complaintsAgainst(), a.meanSatisfaction(),
                        a.averageHandleSeconds())).toList()));
        return tables;
    }

    private static Table counts(String name, List<Report.Count> counts) {
        return new Table(name, List.of("key", "label", "contacts", "complaints"), counts.stream()
                .map(c -> row(c.key(), c.label(), c.contacts(), c.complaints())).toList());
    }

    static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }
}
