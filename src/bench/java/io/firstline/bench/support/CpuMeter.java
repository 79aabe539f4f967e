package io.firstline.bench.support;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time from {@code /proc/<pid>/stat} (utime + stime, in clock ticks): of one process, of this JVM, and of
 * every {@code postgres} process together (plus what the postmaster collected from backends that exited).
 * {@link #start()} takes a snapshot; {@link Sample#percentOfOneCore} turns two snapshots into % of one core.
 */
public final class CpuMeter {

    /** USER_HZ; 100 on every Linux this runs on ({@code getconf CLK_TCK}). */
    static final double TICKS_PER_SECOND = 100.0;

    private final long[] pids;

    /** The processes to watch besides this JVM and PostgreSQL. */
    public CpuMeter(long... pids) {
        this.pids = pids;
    }

    public Sample start() {
        long[] ticks = new long[pids.length];
        for (int i = 0; i < pids.length; i++) {
            ticks[i] = ticks(Path.of("/proc/" + pids[i] + "/stat"), false);
        }
        return new Sample(System.nanoTime(), ticks, ticks(Path.of("/proc/self/stat"), false), postgresTicks());
    }

    /** A snapshot; {@code until(later)} gives the % of one core each consumed in between. */
    public record Sample(long nanos, long[] processTicks, long selfTicks, long postgresTicks) {

        public Usage until(Sample later) {
            double seconds = (later.nanos - nanos) / 1e9;
            double[] processes = new double[processTicks.length];
            for (int i = 0; i < processes.length; i++) {
                processes[i] = percentOfOneCore(later.processTicks[i] - processTicks[i], seconds);
            }
            return new Usage(processes, percentOfOneCore(later.selfTicks - selfTicks, seconds),
                    percentOfOneCore(later.postgresTicks - postgresTicks, seconds));
        }

        static double percentOfOneCore(long ticks, double seconds) {
            return seconds <= 0 ? 0 : ticks / TICKS_PER_SECOND / seconds * 100.0;
        }
    }

    /** % of one core: per watched process (in constructor order), this JVM (the generator), PostgreSQL. */
    public record Usage(double[] processes, double generator, double postgres) {
    }

    /** utime + stime (and cutime + cstime when {@code withChildren}); 0 if the process is gone. */
    static long ticks(Path stat, boolean withChildren) {
        String[] fields = fields(stat);
        if (fields == null) {
            return 0;
        }
        long sum = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        if (withChildren) {
            sum += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        }
        return sum;
    }

    /** Fields after "pid (comm)": index 0 is the state (field 3 of proc(5)), so utime (field 14) is index 11. */
    private static String[] fields(Path stat) {
        try {
            String line = Files.readString(stat);
            int close = line.lastIndexOf(')');
            return line.substring(close + 2).trim().split(" ");
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }

    private static String comm(Path stat) {
        try {
            String line = Files.readString(stat);
            return line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }

    /**
     * All processes named postgres (the server's backends and helpers). Backends that exited in between are
     * counted through the postmaster's cutime/cstime (the postmaster is the postgres process whose parent is not).
     */
    static long postgresTicks() {
        Map<Long, Long> parents = new HashMap<>();
        Map<Long, Path> stats = new HashMap<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : proc) {
                Path stat = dir.resolve("stat");
                if ("postgres".equals(comm(stat))) {
                    String[] fields = fields(stat);
                    if (fields != null) {
                        long pid = Long.parseLong(dir.getFileName().toString());
                        parents.put(pid, Long.parseLong(fields[1]));
                        stats.put(pid, stat);
                    }
                }
            }
        } catch (IOException e) {
            return 0;
        }
        long sum = 0;
        for (Map.Entry<Long, Path> entry : stats.entrySet()) {
            boolean postmaster = !parents.containsKey(parents.get(entry.getKey()));
            sum += ticks(entry.getValue(), postmaster);
        }
        return sum;
    }
}
