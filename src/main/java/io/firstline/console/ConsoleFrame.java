package io.firstline.console;

import java.time.Instant;

/** One message on /ws/console. {@code seq} increases by one per agent, across reconnects. */
public record ConsoleFrame(String type, long seq, Instant at, Object data) {
}
