package io.firstline.records;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Runs the retention purge every {@code firstline.records.purge-every}, batch after batch until nothing is due. */
@Component
class PurgeSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PurgeSchedule.class);

    private final RetentionPurge purge;
    private final RecordsProperties properties;
    private Disposable running;

    PurgeSchedule(RetentionPurge purge, RecordsProperties properties) {
        this.purge = purge;
        this.properties = properties;
    }

    @Override
    public void start() {
        running = Flux.interval(properties.purgeEvery(), properties.purgeEvery(), Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> purge.purgeOnce()
                        .expand(ids -> ids.isEmpty() ? Mono.empty() : purge.purgeOnce())
                        .onErrorResume(e -> {
                            log.warn("Retention purge failed, next attempt in {}: {}", properties.purgeEvery(), e.toString());
                            return Mono.empty();
                        })
                        .then())
                .subscribe();
    }

    @Override
    public void stop() {
        if (running != null) {
            running.dispose();
            running = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }
}
