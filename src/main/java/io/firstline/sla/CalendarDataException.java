package io.firstline.sla;

import java.util.List;

/** Calendar data that cannot be used; {@link #problems()} lists every bad line. */
class CalendarDataException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public CalendarDataException(String source, List<String> problems) {
        super("invalid calendar data in " + source + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
