package io.firstline.supervision;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/** Loads the admins' policies, rebuilds the timers from PostgreSQL, then ticks. */
@Component
class SupervisionLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SupervisionLifecycle.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final PolicyStore policies;
    private final CalendarBook calendars;
    private final Supervision supervision;
    private final SlaTicker ticker;
    private final SupervisionProperties properties;
    private volatile boolean recovered;
    private Disposable ticking;

    SupervisionLifecycle(PolicyStore policies, CalendarBook calendars, Supervision supervision, SlaTicker ticker,
                         SupervisionProperties properties) {
        this.policies = policies;
        this.calendars = calendars;
        this.supervision = supervision;
        this.ticker = ticker;
        this.properties = properties;
    }

    @Override
    public void start() {
        if (!recovered) {
            // Start-up only, on the main thread, before traffic: policies and timers must be in place.
            policies.loadOverrides().then(calendars.adoptWorkspaceZone()).then(calendars.loadStored()).then(supervision.recover()).block(STARTUP_TIMEOUT);
            recovered = true;
            log.info("Supervision watching {} pending SLA timers; holiday data for {}", ticker.pending(), calendars.years());
        }
        ticking = ticker.start(properties.tick(), Schedulers.parallel());
    }

    /** Whether the SLA timers were rebuilt from the database (readiness). */
    boolean recovered() {
        return recovered;
    }

    @Override
    public void stop() {
        if (ticking != null) {
            ticking.dispose();
            ticking = null;
        }
    }

    @Override
    public boolean isRunning() {
        return ticking != null;
    }

    @Override
    public int getPhase() {
        return 0;
    }
}
