package io.firstline.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of a test's own (initdb in a temporary directory, on a free port) that the test can stop and
 * start to simulate an outage while the shared server stays up. The tests run as root, and PostgreSQL refuses to, so
 * the binaries run as the {@code postgres} user (through {@code runuser}) in a directory that user owns.
 */
public final class TemporaryPostgres implements AutoCloseable {

    /** {@code -Dfirstline.pg.bin=<dir>}, else Debian's /usr/lib/postgresql/15/bin, else the newest installed version's. */
    private static final Path BIN = binaries();

    private final Path dir;
    private final int port;

    private TemporaryPostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** A new, running cluster (trust authentication, user postgres) on a free port. */
    public static TemporaryPostgres start() {
        try {
            Path dir = Files.createTempDirectory("firstline-pg-");
            run(List.of("chown", "postgres:postgres", dir.toString()), false);
            run(List.of(BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "postgres",
                    "-E", "UTF8", "--no-sync"), true);
            TemporaryPostgres cluster = new TemporaryPostgres(dir, freePort());
            cluster.startServer();
            return cluster;
        } catch (IOException e) {
            throw new IllegalStateException("could not create a temporary PostgreSQL cluster", e);
        }
    }

    private static Path binaries() {
        String configured = System.getProperty("firstline.pg.bin");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path debian15 = Path.of("/usr/lib/postgresql/15/bin");
        if (Files.isExecutable(debian15.resolve("initdb"))) {
            return debian15;
        }
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(java.util.Comparator.comparingInt(bin -> Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElse(debian15);
        } catch (IOException | NumberFormatException e) {
            return debian15;
        }
    }

    public int port() {
        return port;
    }

    /** Starts the server and waits until it accepts connections. */
    public void startServer() {
        run(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), true);
    }

    /** Stops the server at once, as a crash would (connections are cut, nothing is shut down cleanly). */
    public void stopServer() {
        run(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"), true);
    }

    @Override
    public void close() {
        try {
            stopServer();
        } catch (IllegalStateException alreadyStopped) {
            // stopped by the test
        }
        run(List.of("rm", "-rf", dir.toString()), false);
    }

    private static void run(List<String> command, boolean asPostgres) {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", full) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
