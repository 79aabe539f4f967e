package io.firstline.console;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Gauges of the console sockets: how many are open, and how far the slowest one is behind. */
@Component
class ConsoleMetrics {

    ConsoleMetrics(ConsoleHub hub, MeterRegistry meters) {
        Gauge.builder("firstline.console.sessions", hub, ConsoleHub::sessions)
                .description("Open /ws/console sockets")
                .register(meters);
        Gauge.builder("firstline.console.session.queue.max", hub, ConsoleHub::maxQueuedFrames)
                .description("Frames waiting in the fullest /ws/console socket queue (closed when full)")
                .baseUnit("frames")
                .register(meters);
    }
}
