package io.firstline.platform;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.ReactiveHealthEndpointWebExtension;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code firstline_readiness_up}: 1 while the readiness group (what {@code /actuator/health/readiness} answers)
 * is UP, 0 otherwise, evaluated every 5 s, so Prometheus can alert on a node that is alive but not ready.
 */
@Component
class ReadinessGauge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReadinessGauge.class);
    private static final Duration EVERY = Duration.ofSeconds(5);

    private final ObjectProvider<ReactiveHealthEndpointWebExtension> health;
    private final AtomicInteger ready = new AtomicInteger();
    private Disposable checking;

    ReadinessGauge(ObjectProvider<ReactiveHealthEndpointWebExtension> health, MeterRegistry meters) {
        this.health = health;
        Gauge.builder("firstline.readiness.up", ready, AtomicInteger::get)
                .description("1 while the readiness health group is UP, else 0 (evaluated every 5 s)")
                .register(meters);
    }

    @Override
    public void start() {
        ReactiveHealthEndpointWebExtension extension = health.getIfAvailable();
        if (extension == null) {
            return;
        }
        checking = Flux.interval(Duration.ZERO, EVERY, Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> extension.health(ApiVersion.LATEST, WebServerNamespace.SERVER, SecurityContext.NONE,
                                "readiness")
                        .map(response -> response.getStatus() == 200 ? 1 : 0)
                        .timeout(EVERY)
                        .onErrorResume(e -> {
                            log.debug("Readiness check failed: {}", e.toString());
                            return Mono.just(0);
                        }))
                .subscribe(ready::set);
    }

    @Override
    public void stop() {
        if (checking != null) {
            checking.dispose();
            checking = null;
        }
    }

    @Override
    public boolean isRunning() {
        return checking != null;
    }
}
