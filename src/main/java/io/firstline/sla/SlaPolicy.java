package io.firstline.sla;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The named deadlines that apply to contacts matching {@link #key()}. */
public record SlaPolicy(PolicyKey key, List<DeadlineSpec> deadlines) {

    public SlaPolicy {
        // a copy that may hold nulls, so that the validator can report them instead of a NullPointerException
        deadlines = deadlines == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(deadlines));
    }

    public static SlaPolicy of(PolicyKey key, DeadlineSpec... deadlines) {
        return new SlaPolicy(key, List.of(deadlines));
    }

    public Optional<DeadlineSpec> deadline(String name) {
        return deadlines.stream().filter(Objects::nonNull).filter(d -> name.equals(d.name())).findFirst();
    }
}
