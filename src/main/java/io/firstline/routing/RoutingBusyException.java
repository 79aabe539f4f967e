package io.firstline.routing;

/** The router's command queue is full (overflow policy: refuse; the caller answers 503). */
class RoutingBusyException extends RuntimeException {

    RoutingBusyException(Throwable cause) {
        super("routing is overloaded, retry shortly", cause);
    }
}
