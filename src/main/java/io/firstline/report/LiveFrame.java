package io.firstline.report;

import java.time.Instant;

/**
 * One message on /ws/wallboard and /ws/queues, shaped as the console's frames ({@code type, seq, at, data}) but
 * the report module's own, so that the console may depend on report (report.ready) without a cycle.
 */
public record LiveFrame(String type, long seq, Instant at, Object data) {
}
