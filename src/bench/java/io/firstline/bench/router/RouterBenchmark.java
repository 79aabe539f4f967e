package io.firstline.bench.router;

import io.firstline.agent.AgentState;
import io.firstline.kernel.Channel;
import io.firstline.routing.AcceptOutcome;
import io.firstline.routing.AgentProfile;
import io.firstline.routing.Offer;
import io.firstline.routing.ReferenceRouter;
import io.firstline.routing.Router;
import io.firstline.routing.RoutingDecision;
import io.firstline.routing.RoutingSettings;
import io.firstline.routing.WaitingContact;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One routing decision in a steady backlog: {@code size} contacts wait and {@code size} agents are all AVAILABLE
 * but busy at capacity (1 call, 3 chats, 5 e-mails each, as in the default settings), so nothing can be offered
 * until someone frees a place.
 *
 * <p>{@link #releaseOfferAccept}: the next agent (round robin) releases one place on a channel, which makes
 * exactly one offer (to that agent: its best waiting contact in serving order over its skills' pools, or one held
 * for it); the agent accepts it; a new contact like the one taken joins the backlog (no offer: everyone is full).
 * Three router calls, each a dispatch; the state after the op equals the state before, up to which contacts wait.
 * {@link #tick}: the clock-driven call in the same backlog (nothing due). Time advances 100 ms per op (ten new
 * contacts a second), so preference holds of new contacts (30 s) start and end during a run.
 *
 * <p>{@code impl=reference} is {@link ReferenceRouter}, the O(W·A) router the indexed one replaced, the baseline
 * of the same run. Its backlog is loaded straight into its fields (see {@link #loadReference}) because building
 * it through the API costs O(W·A) per enqueue; the state is the one the API would build (register, restore the
 * assignments, AVAILABLE, enqueue: no offers, no refusals).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RouterBenchmark {

    static final Instant T0 = Instant.parse("2025-01-06T09:00:00Z");
    static final List<String> SKILLS = List.of("billing", "sales", "returns", "delivery", "vip", "b2b", "en", "de", "fr", "zh");
    /** The released channel per op: 1 call, 6 chats, 3 e-mails in 10, the backlog's mix. */
    private static final Channel[] RELEASES = {Channel.PHONE, Channel.WEBCHAT, Channel.EMAIL, Channel.WEBCHAT,
            Channel.WEBCHAT, Channel.EMAIL, Channel.WEBCHAT, Channel.WEBCHAT, Channel.EMAIL, Channel.WEBCHAT};
    private static final Channel[] BUSY_ON = {Channel.PHONE, Channel.WEBCHAT, Channel.EMAIL};

    @Param({"1000", "10000"})
    public int size;

    @Param({"indexed", "reference"})
    public String impl;

    private Routing router;
    private Random random;
    private long nextContactId;
    private long op;
    private Instant now;

    @Setup(Level.Trial)
    public void buildBacklog() throws ReflectiveOperationException {
        RoutingSettings settings = RoutingSettings.defaults();
        random = new Random(42);
        List<AgentProfile> agents = new ArrayList<>();
        for (long id = 1; id <= size; id++) {
            Set<String> skills = new HashSet<>();
            while (skills.size() < 3) {
                skills.add(SKILLS.get(random.nextInt(SKILLS.size())));
            }
            agents.add(new AgentProfile(1, id, "agent" + id, skills));
        }
        List<WaitingContact> backlog = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Channel channel = RELEASES[random.nextInt(RELEASES.length)];
            backlog.add(contact(i + 1L, channel, randomSkill(), randomPriority(),
                    T0.minusSeconds(60 + random.nextInt(3600)), randomPreferredAgent()));
        }
        nextContactId = size + 1L;
        now = T0;
        AtomicLong offerIds = new AtomicLong();
        if (impl.equals("indexed")) {
            Router indexed = new Router(settings, () -> "offer-" + offerIds.incrementAndGet());
            for (AgentProfile agent : agents) {
                indexed.registerAgent(agent);
                for (Channel channel : BUSY_ON) {
                    for (int n = 0; n < settings.capacity(channel); n++) {
                        indexed.restoreAssignment(agent.agentId(), channel);
                    }
                }
                indexed.changeState(agent.agentId(), AgentState.AVAILABLE, T0.minusSeconds(3600).plusMillis(agent.agentId()));
            }
            for (WaitingContact contact : backlog) {
                expectNoOffer(indexed.enqueue(contact, T0));
            }
            router = Routing.of(indexed);
        } else {
            ReferenceRouter reference = new ReferenceRouter(settings, () -> "offer-" + offerIds.incrementAndGet());
            loadReference(reference, settings, agents, backlog);
            router = Routing.of(reference);
        }
    }

    @Benchmark
    public AcceptOutcome releaseOfferAccept() {
        long agentId = op % size + 1;
        Channel channel = RELEASES[(int) (op / size % RELEASES.length)];
        op++;
        now = now.plusMillis(100);
        List<Offer> offers = router.release(agentId, channel, now).offersMade();
        if (offers.size() != 1 || offers.get(0).agentId() != agentId) {
            throw new IllegalStateException("expected one offer to agent " + agentId + " on " + channel + ", got " + offers);
        }
        Offer offer = offers.get(0);
        AcceptOutcome outcome = router.accept(offer.offerId(), agentId, now);
        if (!(outcome instanceof AcceptOutcome.Accepted accepted) || !accepted.decision().isEmpty()) {
            throw new IllegalStateException("expected a quiet accept, got " + outcome);
        }
        WaitingContact taken = offer.contact();
        Long preferred = random.nextInt(10) == 0 ? 1L + random.nextInt(size) : null;
        expectNoOffer(router.enqueue(contact(nextContactId++, taken.channel(), taken.skill(), taken.priority(), now,
                preferred), now));
        return outcome;
    }

    @Benchmark
    public RoutingDecision tick() {
        now = now.plusMillis(100);
        return router.tick(now);
    }

    private String randomSkill() {
        return random.nextInt(10) == 0 ? null : SKILLS.get(random.nextInt(SKILLS.size()));
    }

    private int randomPriority() {
        int draw = random.nextInt(100);
        return draw < 5 ? 2 : draw < 20 ? 1 : 0;
    }

    private Long randomPreferredAgent() {
        return random.nextInt(5) == 0 ? 1L + random.nextInt(size) : null;
    }

    private static WaitingContact contact(long id, Channel channel, String skill, int priority, Instant since, Long preferred) {
        return new WaitingContact(1, id, channel, skill, priority, since, preferred, "Customer " + id, "Where is my order?",
                Map.of("first_response", since.plus(Duration.ofMinutes(30))));
    }

    private static void expectNoOffer(RoutingDecision decision) {
        if (!decision.isEmpty()) {
            throw new IllegalStateException("the backlog is not steady: " + decision.events());
        }
    }

    /**
     * Writes the backlog into the reference router's fields: each agent registered, AVAILABLE since its idle
     * instant, with its assignments at capacity; the contacts waiting without offers. Only the fields the API
     * path would touch; the reference router is a frozen copy, so its field names do not move.
     */
    @SuppressWarnings("unchecked")
    static void loadReference(ReferenceRouter reference, RoutingSettings settings, List<AgentProfile> agents,
                              List<WaitingContact> backlog) throws ReflectiveOperationException {
        Class<?> routedAgent = Class.forName(ReferenceRouter.class.getName() + "$RoutedAgent");
        Constructor<?> newAgent = routedAgent.getDeclaredConstructor(AgentProfile.class);
        newAgent.setAccessible(true);
        Field state = accessible(routedAgent, "state");
        Field idleSince = accessible(routedAgent, "idleSince");
        Map<Long, Object> agentMap = (Map<Long, Object>) accessible(ReferenceRouter.class, "agents").get(reference);
        Map<Long, Map<Channel, Integer>> assignments =
                (Map<Long, Map<Channel, Integer>>) accessible(ReferenceRouter.class, "assignments").get(reference);
        Map<Long, WaitingContact> waiting = (Map<Long, WaitingContact>) accessible(ReferenceRouter.class, "waiting").get(reference);
        for (AgentProfile agent : agents) {
            Object routed = newAgent.newInstance(agent);
            state.set(routed, AgentState.AVAILABLE);
            idleSince.set(routed, T0.minusSeconds(3600).plusMillis(agent.agentId()));
            agentMap.put(agent.agentId(), routed);
            Map<Channel, Integer> load = new EnumMap<>(Channel.class);
            for (Channel channel : BUSY_ON) {
                load.put(channel, settings.capacity(channel));
            }
            assignments.put(agent.agentId(), load);
        }
        backlog.stream().sorted(Comparator.comparingLong(WaitingContact::contactId))
                .forEach(contact -> waiting.put(contact.contactId(), contact));
    }

    private static Field accessible(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    /** The calls the benchmark makes, on either router. */
    interface Routing {
        RoutingDecision release(long agentId, Channel channel, Instant now);

        AcceptOutcome accept(String offerId, long agentId, Instant now);

        RoutingDecision enqueue(WaitingContact contact, Instant now);

        RoutingDecision tick(Instant now);

        static Routing of(Router router) {
            return new Routing() {
                public RoutingDecision release(long agentId, Channel channel, Instant now) { return router.release(agentId, channel, now); }
                public AcceptOutcome accept(String offerId, long agentId, Instant now) { return router.accept(offerId, agentId, now); }
                public RoutingDecision enqueue(WaitingContact contact, Instant now) { return router.enqueue(contact, now); }
                public RoutingDecision tick(Instant now) { return router.tick(now); }
            };
        }

        static Routing of(ReferenceRouter router) {
            return new Routing() {
                public RoutingDecision release(long agentId, Channel channel, Instant now) { return router.release(agentId, channel, now); }
                public AcceptOutcome accept(String offerId, long agentId, Instant now) { return router.accept(offerId, agentId, now); }
                public RoutingDecision enqueue(WaitingContact contact, Instant now) { return router.enqueue(contact, now); }
                public RoutingDecision tick(Instant now) { return router.tick(now); }
            };
        }
    }
}
