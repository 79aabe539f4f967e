package io.firstline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * docs/benchmarks.md: one section per suite between {@code <!-- bench:NAME -->} and {@code <!-- /bench:NAME -->},
 * replaced when that suite runs again; the text outside the markers (findings, profiles) is kept as written.
 */
final class BenchReport {

    private final Path file;

    BenchReport(Path file) {
        this.file = file;
    }

    void put(String name, String section, String machine) throws IOException {
        String begin = "<!-- bench:" + name + " -->";
        String end = "<!-- /bench:" + name + " -->";
        String block = begin + "\n" + section.strip() + "\n\n_Measured " + LocalDate.now(ZoneOffset.UTC) + " on " + machine
                + "._\n" + end;
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from >= 0 && to > from) {
            text = text.substring(0, from) + block + text.substring(to + end.length());
        } else {
            text = text.stripTrailing() + "\n\n" + block + "\n";
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
