package io.firstline.report.history;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.Problems;
import io.firstline.report.Masking;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/reports/{daily|weekly|monthly|range}} and {@code .../contacts?figure=} (the contacts behind a
 * figure), for supervisors, managers and admins; JSON, CSV (UTF-8 with BOM) or XLSX by {@code ?format=} or the Accept
 * header. Every CSV/XLSX export is audited; customers' phone numbers and e-mail addresses are masked unless the
 * viewer's role is in {@code firstline.reports.unmasked-roles}.
 */
@RestController
class ReportController {

    /** Blocking export work (POI, the row iterator) runs here, never on an event loop. */
    private static final Executor BLOCKING = runnable -> Schedulers.boundedElastic().schedule(runnable);
    private static final int CSV_LINES_PER_BUFFER = 200;
    private static final int XLSX_PREFETCH = 256;
    private static final int ARCHIVE_LIST = 400;

    private final ReportService reports;
    private final ContactRows rows;
    private final ExportAudit audit;
    private final ReportArchive archive;
    private final ReportProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final DataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;

    ReportController(ReportService reports, ContactRows rows, ExportAudit audit, ReportArchive archive,
                     ReportProperties properties, JsonMapper json, Clock clock) {
        this.archive = archive;
        this.reports = reports;
        this.rows = rows;
        this.audit = audit;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/api/v1/reports/{kind:daily|weekly|monthly|range}")
    Mono<ResponseEntity<Flux<DataBuffer>>> report(@PathVariable String kind, @RequestParam(required = false) String from,
                                                  @RequestParam(required = false) String to,
                                                  @RequestParam(required = false) String channel,
                                                  @RequestParam(required = false) String queue,
                                                  @RequestParam(required = false) String department,
                                                  @RequestParam(required = false) String agent,
                                                  @RequestParam(required = false) String format,
                                                  @RequestHeader HttpHeaders headers) {
        ExportFormat as = ExportFormat.of(format, headers.getAccept());
        return overseer().flatMap(viewer -> {
            if (as == null) {
                return Mono.error(Problems.badRequest("format is json, csv or xlsx, not '" + format + "'"));
            }
            long ws = viewer.workspaceId();
            return Mono.zip(reports.period(ws, kind, from, to), reports.filters(ws, channel, queue, department, agent))
                    .flatMap(asked -> reports.report(ws, asked.getT1(), asked.getT2())
                            .flatMap(report -> answer(viewer, report, asked.getT1(), asked.getT2(), as)));
        });
    }

    @GetMapping("/api/v1/reports/{kind:daily|weekly|monthly|range}/contacts")
    Mono<ResponseEntity<Flux<DataBuffer>>> contacts(@PathVariable String kind,
                                                    @RequestParam(required = false) String from,
                                                    @RequestParam(required = false) String to,
                                                    @RequestParam(required = false) String channel,
                                                    @RequestParam(required = false) String queue,
                                                    @RequestParam(required = false) String department,
                                                    @RequestParam(required = false) String agent,
                                                    @RequestParam(required = false) String figure,
                                                    @RequestParam(required = false) String format,
                                                    @RequestHeader HttpHeaders headers) {
        ExportFormat as = ExportFormat.of(format, headers.getAccept());
        Figure behind = Figure.of(figure);
        return overseer().flatMap(viewer -> {
            if (as == null) {
                return Mono.error(Problems.badRequest("format is json, csv or xlsx, not '" + format + "'"));
            }
            if (behind == null) {
                return Mono.error(Problems.badRequest("figure is one of " + Figure.NAMES + ", not '" + figure + "'"));
            }
            long ws = viewer.workspaceId();
            return Mono.zip(reports.period(ws, kind, from, to), reports.filters(ws, channel, queue, department, agent),
                            Mono.just(ws))
                    .flatMap(asked -> {
                        boolean masked = !properties.unmaskedRoles().contains(viewer.role());
                        ReportQueries.Selection selection = ReportQueries.Selection.of(asked.getT3(), asked.getT1(), asked.getT2());
                        Flux<ContactRows.ContactRow> found = rows.behind(selection, behind)
                                .map(row -> masked ? masked(row) : row);
                        String name = "contacts-" + asked.getT1().kind().wireName() + "-" + asked.getT1().from() + "-"
                                + behind.name().replace(':', '-');
                        return audited(viewer, "contacts:" + behind.name(), as, asked.getT1(), asked.getT2(), masked,
                                asked.getT3()).then(Mono.fromSupplier(() -> switch (as) {
                                    case JSON -> ResponseEntity.ok().contentType(as.mediaType).body(jsonArray(found));
                                    case CSV -> file(as, name, csv(ContactRows.HEADERS, found.map(ContactRows.ContactRow::values)));
                                    case XLSX -> file(as, name, xlsx(xlsx -> {
                                        xlsx.sheet("contacts", ContactRows.HEADERS);
                                        for (ContactRows.ContactRow row : found.toIterable(XLSX_PREFETCH)) {
                                            xlsx.row(row.values());
                                        }
                                    }));
                                }));
                    });
        });
    }

    /** The scheduled reports archived, newest period first. */
    @GetMapping("/api/v1/reports/archive")
    Flux<ReportArchive.Archived> archive() {
        return overseer().flatMapMany(viewer -> archive.list(viewer.workspaceId(), ARCHIVE_LIST));
    }

    /** One archived report, as it was computed when it was made. */
    @GetMapping("/api/v1/reports/archive/{id}")
    Mono<ResponseEntity<String>> archived(@PathVariable long id) {
        return overseer().flatMap(viewer -> archive.body(viewer.workspaceId(), id))
                .switchIfEmpty(Mono.error(() -> Problems.notFound("archived report " + id + " does not exist")))
                .map(body -> ResponseEntity.ok().contentType(org.springframework.http.MediaType.APPLICATION_JSON).body(body));
    }

    private Mono<ResponseEntity<Flux<DataBuffer>>> answer(AgentPrincipal viewer, Report report, ReportPeriod period,
                                                          ReportFilters filters, ExportFormat as) {
        if (as == ExportFormat.JSON) {
            return Mono.just(ResponseEntity.ok().contentType(as.mediaType)
                    .body(Flux.just(buffers.wrap(json.writeValueAsBytes(report)))));
        }
        List<ReportTables.Table> tables = ReportTables.of(report);
        String name = "report-" + report.kind() + "-" + report.from() + (report.kind().equals("range") ? "-" + period.lastDay() : "");
        boolean masked = !properties.unmaskedRoles().contains(viewer.role());
        Flux<DataBuffer> body = as == ExportFormat.CSV ? csvTables(tables) : xlsx(xlsx -> {
            for (ReportTables.Table table : tables) {
                xlsx.sheet(table.name(), table.headers());
                table.rows().forEach(xlsx::row);
            }
        });
        return audited(viewer, "report", as, period, filters, masked, viewer.workspaceId())
                .thenReturn(file(as, name, body));
    }

    private Mono<Void> audited(AgentPrincipal viewer, String what, ExportFormat as, ReportPeriod period,
                               ReportFilters filters, boolean masked, long workspaceId) {
        if (as == ExportFormat.JSON && what.equals("report")) {
            return Mono.empty();
        }
        return audit.record(workspaceId, viewer.agentId(), what, as.wireName(), period, filters.asked().toString(), masked,
                clock.instant());
    }

    private Flux<DataBuffer> jsonArray(Flux<ContactRows.ContactRow> found) {
        return Flux.concat(Flux.just("["), found.index().map(indexed -> (indexed.getT1() == 0 ? "" : ",")
                        + json.writeValueAsString(indexed.getT2())), Flux.just("]"))
                .buffer(CSV_LINES_PER_BUFFER)
                .map(parts -> buffers.wrap(String.join("", parts).getBytes(StandardCharsets.UTF_8)));
    }

    private Flux<DataBuffer> csv(List<String> headers, Flux<List<Object>> lines) {
        return Flux.concat(Flux.just(buffers.wrap(Csv.BOM)), Flux.just(Csv.line(headers)).concatWith(lines.map(Csv::line))
                .buffer(CSV_LINES_PER_BUFFER)
                .map(chunk -> buffers.wrap(Csv.bytes(String.join("", chunk)))));
    }

    private Flux<DataBuffer> csvTables(List<ReportTables.Table> tables) {
        StringBuilder text = new StringBuilder();
        for (ReportTables.Table table : tables) {
            text.append(Csv.line(List.of(table.name()))).append(Csv.line(table.headers()));
            table.rows().forEach(row -> text.append(Csv.line(row)));
            text.append("\r\n");
        }
        return Flux.just(buffers.wrap(Csv.BOM), buffers.wrap(Csv.bytes(text.toString())));
    }

    /** Writes the workbook on a bounded-elastic thread as the client reads it (the stream blocks on demand). */
    private Flux<DataBuffer> xlsx(Consumer<Xlsx> fill) {
        Consumer<OutputStream> writer = out -> {
            try (Xlsx xlsx = new Xlsx()) {
                fill.accept(xlsx);
                xlsx.writeTo(out);
            }
        };
        return Flux.from(DataBufferUtils.outputStreamPublisher(writer, buffers, BLOCKING));
    }

    private static ResponseEntity<Flux<DataBuffer>> file(ExportFormat as, String name, Flux<DataBuffer> body) {
        return ResponseEntity.ok().contentType(as.mediaType)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(name + "." + as.wireName()).build().toString())
                .body(body);
    }

    private static ContactRows.ContactRow masked(ContactRows.ContactRow row) {
        return new ContactRows.ContactRow(row.id(), row.openedAt(), row.channel(), row.type(), row.severity(), row.status(),
                row.queue(), Masking.mask(row.customer()), Masking.mask(row.handle()), row.cause(), row.department(),
                row.firstResponder(), row.assignee(), row.resolvedAt(), row.disposition(), row.dispositionReason(),
                row.complaintValid());
    }

    static Mono<AgentPrincipal> overseer() {
        return CurrentAgent.get().flatMap(agent -> agent.overseesWorkspace() ? Mono.just(agent)
                : Mono.error(Problems.forbidden("reports are for supervisors, managers and admins")));
    }
}
