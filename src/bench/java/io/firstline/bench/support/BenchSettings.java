package io.firstline.bench.support;

import java.time.Duration;

/**
 * Knobs of a run, as system properties of the bench JVM: {@code -Dbench.duration=20s} (the profile forwards
 * {@code mvn -Dbench.duration=...}); others through {@code -Dbench.jvm="-Xmx2g -Dbench.x=y"}.
 */
public final class BenchSettings {

    private BenchSettings() {
    }

    /** "20s", "500ms", "2m" or plain seconds. */
    public static Duration duration(String property, Duration fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            return fallback;
        }
        value = value.trim().toLowerCase();
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("s")) {
            return Duration.ofMillis((long) (Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
        }
        if (value.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)) * 60);
        }
        return Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
    }

    public static int integer(String property, int fallback) {
        String value = System.getProperty(property);
        return value == null || value.isBlank() || value.startsWith("${") ? fallback : Integer.parseInt(value.trim());
    }

    public static int[] integers(String property, int... fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            return fallback;
        }
        String[] parts = value.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i].trim());
        }
        return out;
    }

    public static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
