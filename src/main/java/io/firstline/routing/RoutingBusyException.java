package io.firstline.routing;

/**
 * The router refused a command before running it: its command queue is full, or the offer history is too far
 * behind ({@link RoutingEffects}). Overflow policy: refuse; the caller answers 503 or retries.
 */
class RoutingBusyException extends RuntimeException {

    private static final String MESSAGE = "routing is overloaded, retry shortly";

    RoutingBusyException(Throwable cause) {
        super(MESSAGE, cause);
    }

    /** {@code why} goes to the log only (as the cause's text), not to the client. */
    RoutingBusyException(String why) {
        super(MESSAGE, new IllegalStateException(why), false, false);
    }
}
