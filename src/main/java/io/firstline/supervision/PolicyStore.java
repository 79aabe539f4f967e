package io.firstline.supervision;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import io.firstline.sla.SlaPolicies;
import io.firstline.sla.SlaPolicy;
import io.firstline.sla.SlaPolicyValidator;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The policies in force: the configured defaults, overlaid by the ones an admin saved.
 * Reads are lock-free (one immutable set swapped atomically); every change is validated
 * as part of the whole set before it is stored.
 */
@Repository
class PolicyStore {

    private final SupervisionProperties properties;
    private final DatabaseClient db;
    private final JsonMapper json;
    private final Clock clock;
    private final AtomicReference<SlaPolicies> current;

    PolicyStore(SupervisionProperties properties, DatabaseClient db, JsonMapper json, Clock clock) {
        this.properties = properties;
        this.db = db;
        this.json = json;
        this.clock = clock;
        this.current = new AtomicReference<>(defaults());
    }

    private SlaPolicies defaults() {
        if (properties.policies().isEmpty()) {
            return SlaPolicies.defaults();
        }
        List<SlaPolicy> policies = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < properties.policies().size(); i++) {
            PolicyDefinition.Parsed parsed = properties.policies().get(i).parse();
            String where = "firstline.sla.policies[" + i + "]: ";
            parsed.problems().forEach(problem -> problems.add(where + problem));
            if (parsed.policy() != null) {
                policies.add(parsed.policy());
            }
        }
        SlaPolicies set = new SlaPolicies(policies);
        problems.addAll(SlaPolicyValidator.validate(set));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid SLA policies in configuration: " + String.join("; ", problems));
        }
        return set;
    }

    public SlaPolicies current() {
        return current.get();
    }

    /** Applies the overrides saved by admins; called once at start-up. */
    Mono<Void> loadOverrides() {
        return db.sql("SELECT definition FROM sla_policy ORDER BY updated_at")
                .map(row -> row.get("definition", String.class))
                .all()
                .map(text -> json.readValue(text, PolicyDefinition.class).parse())
                .filter(parsed -> parsed.policy() != null)
                .doOnNext(parsed -> current.updateAndGet(set -> set.with(parsed.policy())))
                .then();
    }

    /** Saves one policy if the whole resulting set is valid; otherwise the problems, and nothing changes. */
    public Mono<List<String>> save(PolicyDefinition definition, String by) {
        PolicyDefinition.Parsed parsed = definition.parse();
        if (parsed.policy() == null) {
            return Mono.just(parsed.problems());
        }
        List<String> problems = SlaPolicyValidator.validate(parsed.policy());
        if (!problems.isEmpty()) {
            return Mono.just(problems);
        }
        SlaPolicy policy = parsed.policy();
        return db.sql("""
                        INSERT INTO sla_policy (policy_key, definition, updated_by, updated_at) VALUES (:key, :definition, :by, :at)
                        ON CONFLICT (policy_key) DO UPDATE SET definition = :definition, updated_by = :by, updated_at = :at""")
                .bind("key", PolicyDefinition.storageKey(policy.key()))
                .bind("definition", json.writeValueAsString(PolicyDefinition.of(policy)))
                .bind("by", by)
                .bind("at", clock.instant())
                .then()
                .then(Mono.fromRunnable(() -> current.updateAndGet(set -> set.with(policy))))
                .thenReturn(List.of());
    }
}
