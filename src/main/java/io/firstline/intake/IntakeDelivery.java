package io.firstline.intake;

import reactor.util.retry.Retry;

/** An envelope handed to the core, to be settled exactly once after processing. */
public interface IntakeDelivery {

    InboundEnvelope envelope();

    /** The envelope's transaction committed. */
    void processed(IntakeOutcome outcome);

    /** Processing failed (after {@link #retries()}); the log decides whether to redeliver or report the failure. */
    void failed(Throwable error);

    /**
     * How a failed processing is retried before {@link #failed}. By default it is not: the
     * sender is still waiting and retries itself (embedded mode).
     */
    default Retry retries() {
        return Retry.max(0).onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }
}
