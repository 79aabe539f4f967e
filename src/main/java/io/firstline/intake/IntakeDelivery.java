package io.firstline.intake;

/** An envelope handed to the core, to be settled exactly once after processing. */
public interface IntakeDelivery {

    InboundEnvelope envelope();

    /** The envelope's transaction committed. */
    void processed(IntakeOutcome outcome);

    /** Processing failed; the log decides whether to redeliver or report the failure. */
    void failed(Throwable error);
}
