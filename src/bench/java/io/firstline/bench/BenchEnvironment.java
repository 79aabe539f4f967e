package io.firstline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** What every suite needs to know about the run: the project, the classpath, the machine. */
public record BenchEnvironment(Path projectDir, String classpath, String javaCommand, Instant startedAt) {

    public static BenchEnvironment current() {
        String javaHome = System.getProperty("java.home");
        return new BenchEnvironment(Path.of("").toAbsolutePath(), System.getProperty("java.class.path"),
                Path.of(javaHome, "bin", "java").toString(), Instant.now());
    }

    /**
     * The classpath an app under test runs with: this build's classes (or {@code -Dbench.app.classes}), never the test
     * classes, whose {@code @TestConfiguration}s (fixed clocks) would be component-scanned into the app.
     */
    public BenchEnvironment forApp() {
        String classes = System.getProperty("bench.app.classes", "");
        return withAppClasses(classes.isBlank() ? projectDir.resolve("target/classes").toString() : classes);
    }

    /**
     * This environment with {@code classesDir} in place of the project's {@code target/classes} (and without its
     * test classes): another build of the app on the same dependencies. Blank: unchanged.
     */
    public BenchEnvironment withAppClasses(String classesDir) {
        if (classesDir == null || classesDir.isBlank()) {
            return this;
        }
        String own = projectDir.resolve("target/classes").toString();
        String tests = projectDir.resolve("target/test-classes").toString();
        List<String> entries = new java.util.ArrayList<>();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (entry.equals(own)) {
                entries.add(Path.of(classesDir).toAbsolutePath().toString());
            } else if (!entry.equals(tests)) {
                entries.add(entry);
            }
        }
        return new BenchEnvironment(projectDir, String.join(java.io.File.pathSeparator, entries), javaCommand, startedAt);
    }

    /** "2 cores, 23 GiB, Linux 6.x, OpenJDK 17.0.15, PostgreSQL 15": the machine line of every table. */
    public String machine() {
        String cpu = cpuModel();
        long memGiB = totalMemoryGiB();
        return Runtime.getRuntime().availableProcessors() + " cores" + (cpu.isEmpty() ? "" : " (" + cpu + ")")
                + ", " + memGiB + " GiB, " + System.getProperty("os.name") + " " + System.getProperty("os.version")
                + ", Java " + System.getProperty("java.runtime.version");
    }

    private static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            return lines.stream().filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    private static long totalMemoryGiB() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(line -> line.startsWith("MemTotal"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024 / 1024).findFirst().orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }
}
