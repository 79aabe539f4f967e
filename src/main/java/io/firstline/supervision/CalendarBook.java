package io.firstline.supervision;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import io.firstline.sla.BusinessCalendar;
import io.firstline.sla.CalendarData;
import io.firstline.sla.CalendarYear;
import io.firstline.sla.Calendars;
import io.firstline.sla.WorkingHours;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The holiday data in force: the shipped files ({@code firstline.sla.calendars}), overlaid by the years an admin
 * loaded (stored, so they survive a restart and reach every node). Reads are lock-free; a loaded year swaps the whole
 * set at once.
 */
@Component
class CalendarBook {

    /** A year an admin loaded: the definition as sent, and who loaded it when. */
    record LoadedYear(CalendarYear definition, String loadedBy, java.time.Instant loadedAt) {
    }

    private final CalendarData shipped;
    private final AtomicReference<ZoneId> zone;
    private final io.firstline.platform.WorkspaceDirectory workspace;
    private final WorkingHours office;
    private final DatabaseClient db;
    private final JsonMapper json;
    private final Clock clock;
    private final AtomicReference<CalendarData> data;
    private final AtomicReference<Calendars> calendars;
    private final Map<Integer, LoadedYear> loaded = new java.util.concurrent.ConcurrentSkipListMap<>();

    CalendarBook(SupervisionProperties properties, DatabaseClient db, JsonMapper json, Clock clock,
                 io.firstline.platform.WorkspaceDirectory workspace) {
        this.shipped = CalendarData.load(properties.calendars().toArray(String[]::new));
        this.zone = new AtomicReference<>(ZoneId.of(properties.timeZone()));
        this.workspace = workspace;
        this.office = WorkingHours.of(properties.officeOpens(), properties.officeCloses());
        this.db = db;
        this.json = json;
        this.clock = clock;
        this.data = new AtomicReference<>(shipped);
        this.calendars = new AtomicReference<>(build(shipped));
    }

    private Calendars build(CalendarData holidays) {
        return Calendars.of(BusinessCalendar.china(holidays, WorkingHours.ALL_DAY).withZone(zone.get()), office);
    }

    Calendars current() {
        return calendars.get();
    }

    /** The workspace's time zone, in which working days and "today" are counted on every node. */
    ZoneId zone() {
        return zone.get();
    }

    /**
     * The SLA time zone is the workspace's ({@code workspace.time_zone}), shared by every node; a node whose
     * {@code firstline.sla.time-zone} differs counts in the workspace's and says so in its log.
     */
    Mono<Void> adoptWorkspaceZone() {
        ZoneId configured = zone.get();
        return workspace.id().flatMap(id -> db.sql("SELECT time_zone FROM workspace WHERE id = :id")
                        .bind("id", id)
                        .map(row -> row.get("time_zone", String.class))
                        .one())
                .doOnNext(stored -> {
                    ZoneId workspaceZone = ZoneId.of(stored);
                    if (!workspaceZone.equals(configured)) {
                        org.slf4j.LoggerFactory.getLogger(CalendarBook.class).warn(
                                "firstline.sla.time-zone is {} on this node, but the workspace counts in {}: using {}",
                                configured, workspaceZone, workspaceZone);
                    }
                    synchronized (this) {
                        zone.set(workspaceZone);
                        calendars.set(build(data.get()));
                    }
                })
                .then();
    }

    /** The years with holiday data, shipped or loaded. */
    java.util.Set<Integer> years() {
        return data.get().years();
    }

    Map<Integer, LoadedYear> loaded() {
        return new TreeMap<>(loaded);
    }

    /** The first day from today (in the workspace's zone) whose year has no holiday data. */
    LocalDate coveredUntil() {
        return current().officeHours().coveredUntil(LocalDate.now(clock.withZone(zone.get())));
    }

    /**
     * Applies the years admins loaded, as stored: at start-up, and on every node whenever one of them loaded a year
     * ({@link HolidayYearLoaded}). Applying a year again changes nothing.
     */
    Mono<Void> loadStored() {
        return db.sql("SELECT definition, loaded_by, loaded_at FROM sla_calendar_year ORDER BY year")
                .map(row -> new LoadedYear(json.readValue(row.get("definition", String.class), CalendarYear.class),
                        row.get("loaded_by", String.class), row.get("loaded_at", java.time.Instant.class)))
                .all()
                .filter(year -> year.definition().problems().isEmpty())
                .doOnNext(this::apply)
                .then();
    }

    /** Stores and applies a year if it is valid; otherwise its problems, and nothing changes. */
    Mono<List<String>> load(CalendarYear year, String by) {
        List<String> problems = year == null ? List.of("a body with year, holidays, workdays and source is required")
                : year.problems();
        if (!problems.isEmpty()) {
            return Mono.just(problems);
        }
        LoadedYear loadedYear = new LoadedYear(year, by, clock.instant());
        return db.sql("""
                        INSERT INTO sla_calendar_year (year, definition, loaded_by, loaded_at) VALUES (:year, :definition, :by, :at)
                        ON CONFLICT (year) DO UPDATE SET definition = :definition, loaded_by = :by, loaded_at = :at""")
                .bind("year", year.year())
                .bind("definition", json.writeValueAsString(year))
                .bind("by", by)
                .bind("at", loadedYear.loadedAt())
                .then()
                .then(Mono.fromRunnable(() -> apply(loadedYear)))
                .thenReturn(List.of());
    }

    private synchronized void apply(LoadedYear year) {
        CalendarData next = data.get().replacingYear(year.definition().data());
        data.set(next);
        calendars.set(build(next));
        loaded.put(year.definition().year(), year);
    }
}
