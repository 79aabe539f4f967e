package io.firstline.channel.phone;

import io.firstline.DomainModel;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * Service level and abandon rate over a set of calls, exactly from their stored instants.
 * <ul>
 *   <li>offered: calls that reached the centre, except short abandons (hung up within {@code shortAbandon})</li>
 *   <li>service level = answered within the threshold / (answered + real abandons)</li>
 *   <li>abandon rate = real abandons / offered</li>
 * </ul>
 * Waiting is measured from the call's start (its first event: ringing or queued) to the answer or abandon.
 * Calls ended as no-answer count as offered but neither answered nor abandoned. Ratios are {@code null}
 * when their denominator is zero.
 */
@DomainModel
record PhoneStatsFigures(long calls, long offered, long answered, long answeredWithinThreshold,
                                long abandoned, long shortAbandoned, long noAnswer, Double serviceLevel,
                                Double abandonRate, Duration threshold, Duration shortAbandon) {

    /** One call's stored instants. */
    public record Call(Instant startedAt, Instant answeredAt, Instant abandonedAt, Instant noAnswerAt) {
    }

    public static PhoneStatsFigures of(Collection<Call> calls, Duration threshold, Duration shortAbandon) {
        long answered = 0;
        long within = 0;
        long abandoned = 0;
        long shortAbandoned = 0;
        long noAnswer = 0;
        for (Call call : calls) {
            if (call.answeredAt() != null) {
                answered++;
                if (Duration.between(call.startedAt(), call.answeredAt()).compareTo(threshold) <= 0) {
                    within++;
                }
            } else if (call.abandonedAt() != null) {
                if (Duration.between(call.startedAt(), call.abandonedAt()).compareTo(shortAbandon) < 0) {
                    shortAbandoned++;
                } else {
                    abandoned++;
                }
            } else if (call.noAnswerAt() != null) {
                noAnswer++;
            }
        }
        long offered = calls.size() - shortAbandoned;
        Double serviceLevel = answered + abandoned == 0 ? null : (double) within / (answered + abandoned);
        Double abandonRate = offered == 0 ? null : (double) abandoned / offered;
        return new PhoneStatsFigures(calls.size(), offered, answered, within, abandoned, shortAbandoned, noAnswer,
                serviceLevel, abandonRate, threshold, shortAbandon);
    }
}
