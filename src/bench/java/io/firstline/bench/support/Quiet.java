package io.firstline.bench.support;

import org.slf4j.LoggerFactory;

/**
 * The generator's own logging: Reactor Netty logs every client-side read timeout at WARN, which under overload
 * buries the results; the suites count those themselves.
 */
public final class Quiet {

    private Quiet() {
    }

    public static void clientLogs() {
        for (String name : new String[] {"reactor.netty", "io.netty"}) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(ch.qos.logback.classic.Level.ERROR);
            }
        }
    }
}
