package io.firstline.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every PromQL expression of the Grafana boards (each panel's targets) and of the alert rules, keyed by where it
 * comes from. An alert's expression returns nothing while it does not fire, so it is checked with its comparisons
 * against numbers made {@code bool} ({@code x > 0.8} becomes {@code x > bool 0.8}): the same series, 0 or 1.
 */
final class DashboardQueries {

    static final Path GRAFANA = Path.of("dashboards/grafana");
    static final Path ALERTS = Path.of("dashboards/prometheus/firstline-alerts.yml");

    private static final Pattern COMPARISON = Pattern.compile("(==|!=|>=|<=|>|<)\\s*(?!bool\\b)(?=[0-9.])");

    private DashboardQueries() {
    }

    /** Panel expressions, as "{board} / {panel} [{refId}]" → expression. */
    static Map<String, String> panels() {
        Map<String, String> queries = new LinkedHashMap<>();
        JsonMapper json = JsonMapper.builder().build();
        try (Stream<Path> files = Files.list(GRAFANA)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                JsonNode board = json.readTree(Files.readString(file));
                for (JsonNode panel : board.get("panels")) {
                    for (JsonNode target : panel.get("targets")) {
                        queries.put(board.get("title").asString() + " / " + panel.get("title").asString()
                                + " [" + target.get("refId").asString() + "]", atAll(target.get("expr").asString()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return queries;
    }

    /**
     * Per board (by uid), one expression per panel: a single target as it is, several joined with {@code or}, each
     * labelled {@code series="<legend or refId>"} so they stay apart.
     */
    static Map<String, List<String>> boardPanels() {
        Map<String, List<String>> boards = new LinkedHashMap<>();
        JsonMapper json = JsonMapper.builder().build();
        try (Stream<Path> files = Files.list(GRAFANA)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                JsonNode board = json.readTree(Files.readString(file));
                List<String> panels = new ArrayList<>();
                for (JsonNode panel : board.get("panels")) {
                    List<String> targets = new ArrayList<>();
                    for (JsonNode target : panel.get("targets")) {
                        targets.add(atAll(target.get("expr").asString()));
                    }
                    if (targets.size() == 1) {
                        panels.add(targets.get(0));
                        continue;
                    }
                    List<String> labelled = new ArrayList<>();
                    for (JsonNode target : panel.get("targets")) {
                        String legend = target.get("legendFormat").asString();
                        String name = legend.contains("{{") ? target.get("refId").asString() : legend;
                        labelled.add("label_replace(" + atAll(target.get("expr").asString()) + ", \"series\", \"" + name
                                + "\", \"\", \"\")");
                    }
                    panels.add(String.join(" or ", labelled));
                }
                boards.put(board.get("uid").asString(), panels);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return boards;
    }

    /** A panel's expression as Grafana sends it with the board's variables at "All" ({@code $workspace}: every workspace). */
    static String atAll(String expression) {
        return expression.replace("$workspace", ".*");
    }

    /** Alert expressions, as "alert {name}" → expression. */
    @SuppressWarnings("unchecked")
    static Map<String, String> alerts() {
        Map<String, String> queries = new LinkedHashMap<>();
        try {
            Map<String, Object> file = new Yaml().load(Files.readString(ALERTS));
            for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    queries.put("alert " + rule.get("alert"), ((String) rule.get("expr")).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return queries;
    }

    /** {@code x > 0.8} → {@code x > bool 0.8}: the alert's series whether it fires or not. */
    static String asBool(String expression) {
        return COMPARISON.matcher(expression).replaceAll("$1 bool ");
    }

    /** Panels as they are, alerts made bool. */
    static Map<String, String> all() {
        Map<String, String> all = new LinkedHashMap<>(panels());
        alerts().forEach((name, expression) -> all.put(name, asBool(expression)));
        return all;
    }

    static List<String> metricNames(String expression) {
        List<String> names = new ArrayList<>();
        var matcher = Pattern.compile("\\b(firstline_[a-z_]+|jvm_[a-z_]+|r2dbc_[a-z_]+)").matcher(expression);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
