package io.firstline.supervision;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import io.firstline.kernel.DomainEvent;
import io.firstline.kernel.DomainEventListener;
import io.firstline.kernel.EventBus;
import io.firstline.contact.Contacts;
import io.firstline.sla.CalendarYear;
import io.firstline.sla.Calendars;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A year's holiday data loaded by an admin, on every node: the receiving node stores it, counts the open deadlines
 * again ({@link HolidayDeadlines}) and publishes {@link HolidayYearLoaded}; every node (its own included, and in Kafka
 * mode every other one through {@code firstline.events}) then reads the stored years back from PostgreSQL, and on
 * {@link DeadlinesMoved} re-arms that contact's timers from the stored deadlines.
 *
 * <p>Events arrive on the publisher's or the event receiver's thread, so the database work goes through one bounded
 * queue ({@value #QUEUE} tasks, run one at a time). Overflow drops the task and counts it
 * ({@code firstline.sla.calendar.sync.dropped}): a dropped calendar reload is covered by the one still queued (each
 * reads every stored year); a dropped re-arm leaves this node's old timer, which fires nothing since alarms check the
 * stored due time, while the loading node has re-armed the new one; a restart re-arms everything.
 */
@Component
class HolidayYears implements DomainEventListener, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(HolidayYears.class);
    static final int QUEUE = 1024;

    private final CalendarBook book;
    private final HolidayDeadlines deadlines;
    private final ContactDeadlines stored;
    private final Contacts contacts;
    private final SlaTicker ticker;
    private final EventBus events;
    private final Counter dropped;
    private final Sinks.Many<Mono<Void>> tasks = Sinks.many().unicast()
            .onBackpressureBuffer(new ArrayBlockingQueue<>(QUEUE));
    private final Disposable running;

    HolidayYears(CalendarBook book, HolidayDeadlines deadlines, ContactDeadlines stored, Contacts contacts,
                 SlaTicker ticker, EventBus events, MeterRegistry meters) {
        this.book = book;
        this.deadlines = deadlines;
        this.stored = stored;
        this.contacts = contacts;
        this.ticker = ticker;
        this.events = events;
        this.dropped = Counter.builder("firstline.sla.calendar.sync.dropped")
                .description("calendar reloads and timer re-arms not queued on this node because the queue was full")
                .register(meters);
        this.running = tasks.asFlux()
                .concatMap(task -> task.onErrorResume(e -> {
                    log.warn("Holiday data sync task failed: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    /**
     * Validates, stores and applies the year, tells every node, counts open deadlines again; emits the year's
     * problems (nothing changed) or none once the moved deadlines are stored.
     */
    Mono<List<String>> load(CalendarYear year, String by) {
        return Mono.defer(() -> {
            Calendars before = book.current();
            return book.load(year, by).flatMap(problems -> {
                if (!problems.isEmpty()) {
                    return Mono.just(problems);
                }
                CalendarBook.LoadedYear loaded = book.loaded().get(year.year());
                // The other nodes count on the new data as soon as possible; the moved deadlines follow.
                events.publish(new HolidayYearLoaded(year.year(), by, loaded.loadedAt()));
                return deadlines.recount(year.year(), before, by, loaded.loadedAt())
                        .doOnNext(moved -> log.info("Holiday data for {} loaded by {}: {} open deadlines moved",
                                year.year(), by, moved))
                        .thenReturn(problems);
            });
        });
    }

    @Override
    public boolean accepts(Class<? extends DomainEvent> type) {
        return type == HolidayYearLoaded.class || type == DeadlinesMoved.class;
    }

    @Override
    public void on(DomainEvent event) {
        if (event instanceof HolidayYearLoaded) {
            queue(book.loadStored());
        } else if (event instanceof DeadlinesMoved moved) {
            long contactId = moved.contactId();
            queue(contacts.owners(contactId)
                    .filter(Contacts.Owners::open)
                    .flatMap(open -> stored.of(contactId))
                    .doOnNext(all -> ticker.watch(contactId, all))
                    .then());
        }
    }

    // Events come from the publisher's thread and from the cluster receiver's: emissions are serialised here.
    private synchronized void queue(Mono<Void> task) {
        if (tasks.tryEmitNext(task).isFailure()) {
            dropped.increment();
            log.warn("Holiday data sync queue full ({} tasks): a task was dropped", QUEUE);
        }
    }

    @Override
    public void destroy() {
        running.dispose();
    }
}
