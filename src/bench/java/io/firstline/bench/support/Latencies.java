package io.firstline.bench.support;

import java.util.Arrays;

/**
 * Latency samples in microseconds, kept exactly (a run holds at most a few hundred thousand), thread-safe;
 * percentiles by nearest rank over the sorted samples.
 */
public final class Latencies {

    private long[] samples = new long[4096];
    private int size;

    public synchronized void record(long micros) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = micros;
    }

    public void recordNanos(long nanos) {
        record(nanos / 1_000);
    }

    public synchronized int count() {
        return size;
    }

    /** A sorted copy, for several percentiles at once. */
    public synchronized Summary summary() {
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        return new Summary(sorted);
    }

    public static final class Summary {
        private final long[] sorted;

        Summary(long[] sorted) {
            this.sorted = sorted;
        }

        public int count() {
            return sorted.length;
        }

        /** Nearest-rank percentile in microseconds; -1 without samples. */
        public long percentile(double p) {
            if (sorted.length == 0) {
                return -1;
            }
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
        }

        public long max() {
            return sorted.length == 0 ? -1 : sorted[sorted.length - 1];
        }

        public String p(double p) {
            return format(percentile(p));
        }

        public String maxText() {
            return format(max());
        }
    }

    /** 0.42 ms, 12.3 ms, 1.84 s; "–" for no value. */
    public static String format(long micros) {
        if (micros < 0) {
            return "–";
        }
        if (micros < 10_000) {
            return String.format("%.2f ms", micros / 1000.0);
        }
        if (micros < 1_000_000) {
            return String.format("%.1f ms", micros / 1000.0);
        }
        return String.format("%.2f s", micros / 1_000_000.0);
    }
}
