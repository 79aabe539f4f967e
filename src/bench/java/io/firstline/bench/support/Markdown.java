package io.firstline.bench.support;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table, built row by row. */
public final class Markdown {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Markdown(String... header) {
        this.header = List.of(header);
    }

    public Markdown row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> out.append("---|"));
        out.append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }

    public static String pct(double value) {
        return String.format("%.0f %%", value);
    }

    public static String rate(double value) {
        return value >= 100 ? String.format("%,.0f", value) : String.format("%.1f", value);
    }
}
