package io.firstline.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/** One scrape of {@code /actuator/prometheus} (text format): each series, as written, with its value. */
public final class PrometheusScrape {

    /** The demo profile's scrape credential (application-demo.yaml). */
    public static final String USER = "prometheus";
    public static final String PASSWORD = "firstline-demo-scrape";

    private final Map<String, Double> series = new LinkedHashMap<>();

    public PrometheusScrape(String body) {
        body.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        });
    }

    /**
     * The value of the first series named {@code name} whose labels include every {@code label="value"} given
     * (as {@code "channel", "webchat", ...}); empty when there is none.
     */
    public OptionalDouble value(String name, String... labels) {
        return series.entrySet().stream()
                .filter(entry -> entry.getKey().equals(name) || entry.getKey().startsWith(name + "{"))
                .filter(entry -> {
                    for (int i = 0; i < labels.length; i += 2) {
                        if (!entry.getKey().contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                            return false;
                        }
                    }
                    return true;
                })
                .mapToDouble(Map.Entry::getValue)
                .findFirst();
    }

    /** As {@link #value}, 0 when the series is not there (yet). */
    public double valueOrZero(String name, String... labels) {
        return value(name, labels).orElse(0);
    }

    public boolean has(String name, String... labels) {
        return value(name, labels).isPresent();
    }
}
