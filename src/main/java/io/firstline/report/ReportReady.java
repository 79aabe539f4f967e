package io.firstline.report;

import io.firstline.kernel.DomainEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A scheduled report was made and archived ({@code GET /api/v1/reports/archive/{id}}); {@code recipients} are told. */
public record ReportReady(long archiveId, String kind, LocalDate from, LocalDate to, Instant at, List<Long> recipients)
        implements DomainEvent {

    public ReportReady {
        recipients = List.copyOf(recipients);
    }
}
