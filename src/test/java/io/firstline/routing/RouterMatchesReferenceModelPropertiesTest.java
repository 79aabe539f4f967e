package io.firstline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.firstline.agent.AgentState;
import io.firstline.kernel.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The indexed {@link Router} behaves exactly like {@link ReferenceRouter}, the simple model that re-sorts and
 * re-scans everything: for random command sequences both return equal decisions and accept outcomes (same
 * offers to the same agents in the same order, same revocations, same state changes) and answer every query alike.
 */
class RouterMatchesReferenceModelPropertiesTest {

    private static final Instant T0 = Instant.parse("2025-01-06T09:00:00Z");
    private static final List<Channel> CHANNELS = List.of(Channel.PHONE, Channel.WEBCHAT, Channel.EMAIL, Channel.VISIT);
    private static final List<Long> AGENTS = List.of(1L, 2L, 3L, 4L, 5L);
    /** Agent 6 is never registered: a preferred agent or a command target the router does not know. */
    private static final long UNKNOWN_AGENT = 6;
    private static final long FIRST_CONTACT = 100;
    private static final int CONTACTS = 14;

    /** Small limits so that capacity, timeouts, the hold, AWAY and the reject back-off all come into play in short sequences. */
    private static final RoutingSettings SETTINGS = new RoutingSettings(
            Map.of(Channel.PHONE, Duration.ofSeconds(15), Channel.WEBCHAT, Duration.ofSeconds(20),
                    Channel.EMAIL, Duration.ofSeconds(20)),
            Duration.ofSeconds(30),
            Map.of(Channel.PHONE, 1, Channel.WEBCHAT, 3, Channel.EMAIL, 2, Channel.VISIT, 0),
            2, Duration.ofSeconds(12));

    @Property(tries = 3000)
    void indexedRouterDecidesAsTheReferenceModel(@ForAll("commandSequences") List<Command> commands) {
        decideAlike(commands);
    }

    /**
     * The seed that found a contact withdrawn after an agent's arrival had unparked it but before the next
     * dispatch queued it again: the dispatch queued the withdrawn contact and failed on it.
     */
    @Property(tries = 3000, seed = "6009908627708710395")
    void aContactWithdrawnWhileBeingUnparkedStaysOut(@ForAll("commandSequences") List<Command> commands) {
        decideAlike(commands);
    }

    private void decideAlike(List<Command> commands) {
        Pair pair = new Pair();
        for (Command command : commands) {
            pair.now = pair.now.plusSeconds(command.advanceSeconds());
            command.resolve(pair);
            Object expected = command.applyTo(pair.reference, pair);
            Object actual = command.applyTo(pair.indexed, pair);
            assertThat(actual).as("result of %s at %s", command, pair.now).isEqualTo(expected);
            pair.remember(expected);
            pair.assertSameQueries(command);
        }
    }

    // ---- commands ----------------------------------------------------------------------------------------

    /** Contacts of queues with capacity overrides too: below, at and above their channel's capacity. */
    @Property(tries = 3000)
    void indexedRouterDecidesAsTheReferenceModelWithQueueCapacities(
            @ForAll("commandSequencesWithQueueCapacities") List<Command> commands) {
        decideAlike(commands);
    }

    @Provide
    Arbitrary<List<Command>> commandSequences() {
        return commandSequences(enqueues());
    }

    @Provide
    Arbitrary<List<Command>> commandSequencesWithQueueCapacities() {
        Arbitrary<Integer> capacities = Arbitraries.of(1, 1, 2, 3, 5).injectNull(0.4);
        return commandSequences(Combinators.combine(enqueues(), capacities)
                .as((enqueue, capacity) -> ((Enqueue) enqueue).withCapacity(capacity)));
    }

    private static Arbitrary<List<Command>> commandSequences(Arbitrary<Command> enqueues) {
        return Arbitraries.frequencyOf(
                Tuple.of(4, registrations()),
                Tuple.of(5, stateChanges()),
                Tuple.of(7, enqueues),
                Tuple.of(2, withdrawals()),
                Tuple.of(5, answers()),
                Tuple.of(3, releases()),
                Tuple.of(1, restores()),
                Tuple.of(4, ticks())
        ).list().ofMinSize(1).ofMaxSize(60);
    }

    /** Mostly small steps, often landing on or next to an offer timeout or the end of the hold; rarely backwards. */
    private static Arbitrary<Integer> steps() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(0)),
                Tuple.of(6, Arbitraries.integers().between(1, 6)),
                Tuple.of(4, Arbitraries.of(14, 15, 16, 19, 20, 21, 29, 30, 31)),
                Tuple.of(1, Arbitraries.just(-3)));
    }

    private static Arbitrary<Long> agents() {
        return Arbitraries.frequencyOf(Tuple.of(10, Arbitraries.of(AGENTS)), Tuple.of(1, Arbitraries.just(UNKNOWN_AGENT)));
    }

    private static Arbitrary<Long> contacts() {
        return Arbitraries.longs().between(FIRST_CONTACT, FIRST_CONTACT + CONTACTS - 1);
    }

    private static Arbitrary<Channel> channels() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(Channel.WEBCHAT)), Tuple.of(3, Arbitraries.just(Channel.PHONE)),
                Tuple.of(2, Arbitraries.just(Channel.EMAIL)), Tuple.of(1, Arbitraries.just(Channel.VISIT)));
    }

    private static Arbitrary<Command> registrations() {
        return Combinators.combine(steps(), Arbitraries.of(AGENTS), Arbitraries.of("a", "b", "c", " ").set().ofMaxSize(3))
                .as(Register::new);
    }

    private static Arbitrary<Command> stateChanges() {
        Arbitrary<AgentState> states = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(AgentState.AVAILABLE)), Tuple.of(3, Arbitraries.of(AgentState.class)));
        return Combinators.combine(steps(), agents(), states).as(ChangeState::new);
    }

    private static Arbitrary<Command> enqueues() {
        Arbitrary<String> skills = Arbitraries.of("a", "b", "c", "d", "", " ").injectNull(0.3);
        Arbitrary<Long> preferred = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(AGENTS)),
                Tuple.of(1, Arbitraries.just(UNKNOWN_AGENT))).injectNull(0.5);
        // Seconds since the contact started waiting: fresh, inside or at the end of the hold, long ago, or not yet.
        Arbitrary<Integer> waited = Arbitraries.of(0, 0, 5, 20, 29, 30, 31, 60, -10);
        return Combinators.combine(steps(), contacts(), channels(), skills, Arbitraries.integers().between(0, 2), waited, preferred)
                .as((step, contact, channel, skill, priority, waitedSeconds, preferredAgent) -> new Enqueue(step, contact,
                        channel, skill, priority, waitedSeconds, preferredAgent, null));
    }

    private static Arbitrary<Command> withdrawals() {
        return Combinators.combine(steps(), contacts()).as(Withdraw::new);
    }

    private static Arbitrary<Command> answers() {
        return Combinators.combine(steps(), Arbitraries.of(OfferPick.class), Arbitraries.integers().between(0, 50),
                Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(true)), Tuple.of(1, Arbitraries.just(false))),
                agents(), Arbitraries.of(true, true, false)).as(Answer::new);
    }

    private static Arbitrary<Command> releases() {
        return Combinators.combine(steps(), agents(), channels()).as(Release::new);
    }

    private static Arbitrary<Command> restores() {
        return Combinators.combine(steps(), agents(), channels()).as(Restore::new);
    }

    private static Arbitrary<Command> ticks() {
        return steps().map(Tick::new);
    }

    /** One call on a router; {@code applyTo} returns what the router returned (a decision or an accept outcome). */
    sealed interface Command {
        int advanceSeconds();

        /** Settles what the command refers to (which offer, which agent) once, before it goes to both routers. */
        default void resolve(Pair pair) {
        }

        Object applyTo(Routing router, Pair pair);
    }

    record Register(int advanceSeconds, long agentId, Set<String> skills) implements Command {
        public Object applyTo(Routing router, Pair pair) {
            return router.registerAgent(new AgentProfile(1, agentId, "agent-" + agentId, skills));
        }
    }

    record ChangeState(int advanceSeconds, long agentId, AgentState to) implements Command {
        public Object applyTo(Routing router, Pair pair) {
            return router.changeState(agentId, to, pair.now);
        }
    }

    /** {@code capacity}: the queue's capacity override, null for the channel's. */
    record Enqueue(int advanceSeconds, long contactId, Channel channel, String skill, int priority, int waitedSeconds,
                   Long preferredAgentId, Integer capacity) implements Command {
        public Object applyTo(Routing router, Pair pair) {
            return router.enqueue(new WaitingContact(1, contactId, channel, skill, priority, pair.now.minusSeconds(waitedSeconds),
                    preferredAgentId, "customer " + contactId, "hello", Map.of(), capacity), pair.now);
        }

        Enqueue withCapacity(Integer capacity) {
            return new Enqueue(advanceSeconds, contactId, channel, skill, priority, waitedSeconds, preferredAgentId, capacity);
        }
    }

    record Withdraw(int advanceSeconds, long contactId) implements Command {
        public Object applyTo(Routing router, Pair pair) {
            return router.withdraw(contactId, pair.now);
        }
    }

    enum OfferPick { OUTSTANDING, OUTSTANDING_2, ANY_EVER_MADE, UNKNOWN }

    /** Accept (or reject) an outstanding, an ended or an unknown offer, as its own agent or as another one. */
    record Answer(int advanceSeconds, OfferPick pick, int index, boolean ownAgent, long otherAgent, boolean accept)
            implements Command {
        public void resolve(Pair pair) {
            pair.offerId = pair.pickOffer(pick, index);
            pair.answeringAgent = ownAgent ? pair.agentOfEverMade(pair.offerId, otherAgent) : otherAgent;
        }

        public Object applyTo(Routing router, Pair pair) {
            return accept ? router.accept(pair.offerId, pair.answeringAgent, pair.now)
                    : router.reject(pair.offerId, pair.answeringAgent, pair.now);
        }
    }

    record Release(int advanceSeconds, long agentId, Channel channel) implements Command {
        public Object applyTo(Routing router, Pair pair) {
            return router.release(agentId, channel, pair.now);
        }
    }

    record Restore(int advanceSeconds, long agentId, Channel channel) implements Command {
        public Object applyTo(Routing router, Pair pair) {
            router.restoreAssignment(agentId, channel);
            return "restored";
        }
    }

    record Tick(int advanceSeconds) implements Command {
        public Object applyTo(Routing router, Pair pair) {
            return router.tick(pair.now);
        }
    }

    // ---- the two routers ---------------------------------------------------------------------------------

    /** Both routers, the same settings, the same offer-id sequence, one clock. */
    static final class Pair {
        final Routing reference;
        final Routing indexed;
        Instant now = T0;
        /** What the current {@link Answer} refers to. */
        String offerId;
        long answeringAgent;
        /** Every offer made so far, oldest first, with its agent. */
        private final List<Offer> everMade = new ArrayList<>();

        Pair() {
            AtomicInteger referenceIds = new AtomicInteger();
            AtomicInteger indexedIds = new AtomicInteger();
            reference = Routing.of(new ReferenceRouter(SETTINGS, () -> "offer-" + referenceIds.incrementAndGet()));
            indexed = Routing.of(new Router(SETTINGS, () -> "offer-" + indexedIds.incrementAndGet()));
        }

        void remember(Object result) {
            RoutingDecision decision = result instanceof AcceptOutcome.Accepted accepted ? accepted.decision()
                    : result instanceof AcceptOutcome.Refused refused ? refused.decision()
                    : result instanceof RoutingDecision routed ? routed : RoutingDecision.none();
            everMade.addAll(decision.offersMade());
        }

        String pickOffer(OfferPick pick, int index) {
            List<Offer> outstanding = AGENTS.stream().flatMap(agent -> reference.offersOf(agent).stream()).toList();
            return switch (pick) {
                case OUTSTANDING, OUTSTANDING_2 -> outstanding.isEmpty() ? "offer-none"
                        : outstanding.get(index % outstanding.size()).offerId();
                case ANY_EVER_MADE -> everMade.isEmpty() ? "offer-none" : everMade.get(index % everMade.size()).offerId();
                case UNKNOWN -> "offer-unknown-" + index;
            };
        }

        long agentOfEverMade(String offerId, long otherwise) {
            return everMade.stream().filter(offer -> offer.offerId().equals(offerId)).map(Offer::agentId)
                    .findFirst().orElse(otherwise);
        }

        void assertSameQueries(Command after) {
            assertThat(indexed.waitingCount()).as("waitingCount after %s", after).isEqualTo(reference.waitingCount());
            for (long agent = 1; agent <= UNKNOWN_AGENT; agent++) {
                assertThat(indexed.stateOf(agent)).as("stateOf(%s) after %s", agent, after).isEqualTo(reference.stateOf(agent));
                assertThat(indexed.offersOf(agent)).as("offersOf(%s) after %s", agent, after).isEqualTo(reference.offersOf(agent));
                for (Channel channel : Channel.values()) {
                    assertThat(indexed.loadOf(agent, channel)).as("loadOf(%s, %s) after %s", agent, channel, after)
                            .isEqualTo(reference.loadOf(agent, channel));
                }
            }
            for (long contact = FIRST_CONTACT; contact < FIRST_CONTACT + CONTACTS; contact++) {
                assertThat(indexed.offerForContact(contact)).as("offerForContact(%s) after %s", contact, after)
                        .isEqualTo(reference.offerForContact(contact));
            }
            for (Offer offer : everMade) {
                assertThat(indexed.offer(offer.offerId())).as("offer(%s) after %s", offer.offerId(), after)
                        .isEqualTo(reference.offer(offer.offerId()));
            }
        }
    }

    /** The public surface both routers share. */
    interface Routing {
        RoutingDecision registerAgent(AgentProfile profile);

        RoutingDecision changeState(long agentId, AgentState to, Instant now);

        AgentState stateOf(long agentId);

        void restoreAssignment(long agentId, Channel channel);

        RoutingDecision release(long agentId, Channel channel, Instant now);

        int loadOf(long agentId, Channel channel);

        RoutingDecision enqueue(WaitingContact contact, Instant now);

        RoutingDecision withdraw(long contactId, Instant now);

        int waitingCount();

        Optional<Offer> offer(String offerId);

        List<Offer> offersOf(long agentId);

        Optional<Offer> offerForContact(long contactId);

        AcceptOutcome accept(String offerId, long agentId, Instant now);

        RoutingDecision reject(String offerId, long agentId, Instant now);

        RoutingDecision tick(Instant now);

        static Routing of(Router router) {
            return new Routing() {
                public RoutingDecision registerAgent(AgentProfile profile) { return router.registerAgent(profile); }
                public RoutingDecision changeState(long agentId, AgentState to, Instant now) { return router.changeState(agentId, to, now); }
                public AgentState stateOf(long agentId) { return router.stateOf(agentId); }
                public void restoreAssignment(long agentId, Channel channel) { router.restoreAssignment(agentId, channel); }
                public RoutingDecision release(long agentId, Channel channel, Instant now) { return router.release(agentId, channel, now); }
                public int loadOf(long agentId, Channel channel) { return router.loadOf(agentId, channel); }
                public RoutingDecision enqueue(WaitingContact contact, Instant now) { return router.enqueue(contact, now); }
                public RoutingDecision withdraw(long contactId, Instant now) { return router.withdraw(contactId, now); }
                public int waitingCount() { return router.waitingCount(); }
                public Optional<Offer> offer(String offerId) { return router.offer(offerId); }
                public List<Offer> offersOf(long agentId) { return router.offersOf(agentId); }
                public Optional<Offer> offerForContact(long contactId) { return router.offerForContact(contactId); }
                public AcceptOutcome accept(String offerId, long agentId, Instant now) { return router.accept(offerId, agentId, now); }
                public RoutingDecision reject(String offerId, long agentId, Instant now) { return router.reject(offerId, agentId, now); }
                public RoutingDecision tick(Instant now) { return router.tick(now); }
            };
        }

        static Routing of(ReferenceRouter router) {
            return new Routing() {
                public RoutingDecision registerAgent(AgentProfile profile) { return router.registerAgent(profile); }
                public RoutingDecision changeState(long agentId, AgentState to, Instant now) { return router.changeState(agentId, to, now); }
                public AgentState stateOf(long agentId) { return router.stateOf(agentId); }
                public void restoreAssignment(long agentId, Channel channel) { router.restoreAssignment(agentId, channel); }
                public RoutingDecision release(long agentId, Channel channel, Instant now) { return router.release(agentId, channel, now); }
                public int loadOf(long agentId, Channel channel) { return router.loadOf(agentId, channel); }
                public RoutingDecision enqueue(WaitingContact contact, Instant now) { return router.enqueue(contact, now); }
                public RoutingDecision withdraw(long contactId, Instant now) { return router.withdraw(contactId, now); }
                public int waitingCount() { return router.waitingCount(); }
                public Optional<Offer> offer(String offerId) { return router.offer(offerId); }
                public List<Offer> offersOf(long agentId) { return router.offersOf(agentId); }
                public Optional<Offer> offerForContact(long contactId) { return router.offerForContact(contactId); }
                public AcceptOutcome accept(String offerId, long agentId, Instant now) { return router.accept(offerId, agentId, now); }
                public RoutingDecision reject(String offerId, long agentId, Instant now) { return router.reject(offerId, agentId, now); }
                public RoutingDecision tick(Instant now) { return router.tick(now); }
            };
        }
    }
}
