package io.firstline.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Fans console frames out to each agent's open sockets. Every agent has one sequence
 * and a bounded buffer of recent frames, so a client that reconnects with
 * {@code resumeAfter} gets exactly what it missed. Each socket has a bounded queue;
 * a socket that cannot keep up is closed (overflow policy) and its client resumes.
 */
@Component
public class ConsoleHub {

    private static final Logger log = LoggerFactory.getLogger(ConsoleHub.class);

    private final ConcurrentMap<Long, AgentStream> streams = new ConcurrentHashMap<>();
    private final ConsoleProperties properties;
    private final Clock clock;
    /** Sequences restart with the process; a client's resumeAfter only means something within one epoch. */
    private final String epoch = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);

    public ConsoleHub(ConsoleProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    public String epoch() {
        return epoch;
    }

    public void publish(long agentId, String type, Object data) {
        stream(agentId).publish(type, data);
    }

    /**
     * Registers a socket; frames published from now on reach it until {@link Connection#close()}.
     * Frames after {@code resumeAfter} are handed back too if they were numbered in this epoch and are still buffered.
     */
    public Connection connect(long agentId, Long resumeAfter, String clientEpoch) {
        return stream(agentId).connect(epoch.equals(clientEpoch) ? resumeAfter : null);
    }

    public int connectedSessions(long agentId) {
        AgentStream stream = streams.get(agentId);
        return stream == null ? 0 : stream.sessionCount();
    }

    /**
     * Closes every open console socket of the agent, as a dropped connection would; their clients
     * reconnect and resume. For an account that must stop receiving frames, and for tests of recovery.
     */
    public void disconnect(long agentId) {
        AgentStream stream = streams.get(agentId);
        if (stream != null) {
            stream.dropSessions();
        }
    }

    /** Open console sockets, all agents together. */
    public int sessions() {
        return streams.values().stream().mapToInt(AgentStream::sessionCount).sum();
    }

    /** Frames waiting in the fullest socket queue (a socket is closed when its queue is full). */
    public int maxQueuedFrames() {
        return streams.values().stream().mapToInt(AgentStream::maxQueued).max().orElse(0);
    }

    private AgentStream stream(long agentId) {
        return streams.computeIfAbsent(agentId, id -> new AgentStream(id));
    }

    /**
     * @param lastSeq  the agent's last sequence number when the socket was registered
     * @param missed   frames after {@code resumeAfter}, or empty when nothing was missed or they are gone
     * @param resumed  whether {@code missed} covers everything after {@code resumeAfter}
     */
    public record Connection(long lastSeq, List<ConsoleFrame> missed, boolean resumed, Flux<ConsoleFrame> live,
                             Runnable onClose) implements AutoCloseable {

        @Override
        public void close() {
            onClose.run();
        }
    }

    private final class AgentStream {
        private final long agentId;
        private final ArrayDeque<ConsoleFrame> recent = new ArrayDeque<>();
        private final List<Sinks.Many<ConsoleFrame>> sessions = new ArrayList<>();
        private final java.util.Map<Sinks.Many<ConsoleFrame>, java.util.Queue<ConsoleFrame>> queues = new java.util.HashMap<>();
        private long seq;

        private AgentStream(long agentId) {
            this.agentId = agentId;
        }

        synchronized void publish(String type, Object data) {
            ConsoleFrame frame = new ConsoleFrame(type, ++seq, clock.instant(), data);
            recent.addLast(frame);
            if (recent.size() > properties.resumeBuffer()) {
                recent.removeFirst();
            }
            for (Sinks.Many<ConsoleFrame> session : List.copyOf(sessions)) {
                if (session.tryEmitNext(frame).isFailure()) {
                    log.warn("Console socket of agent {} fell {} frames behind; closing it so it resumes",
                            agentId, properties.sessionQueue());
                    sessions.remove(session);
                    queues.remove(session);
                    session.tryEmitError(new SlowConsumerException());
                }
            }
        }

        synchronized Connection connect(Long resumeAfter) {
            ArrayBlockingQueue<ConsoleFrame> queue = new ArrayBlockingQueue<>(properties.sessionQueue());
            Sinks.Many<ConsoleFrame> sink = Sinks.many().unicast().onBackpressureBuffer(queue);
            sessions.add(sink);
            queues.put(sink, queue);
            List<ConsoleFrame> missed = List.of();
            boolean resumed = false;
            if (resumeAfter != null && resumeAfter <= seq) {
                long oldest = recent.isEmpty() ? seq + 1 : recent.peekFirst().seq();
                resumed = resumeAfter >= oldest - 1;
                if (resumed) {
                    missed = recent.stream().filter(frame -> frame.seq() > resumeAfter).toList();
                }
            }
            return new Connection(seq, missed, resumed, sink.asFlux(), () -> disconnect(sink));
        }

        synchronized void disconnect(Sinks.Many<ConsoleFrame> sink) {
            sessions.remove(sink);
            queues.remove(sink);
        }

        synchronized void dropSessions() {
            List<Sinks.Many<ConsoleFrame>> dropped = List.copyOf(sessions);
            sessions.clear();
            queues.clear();
            dropped.forEach(session -> session.tryEmitError(new SessionDroppedException()));
        }

        synchronized int sessionCount() {
            return sessions.size();
        }

        synchronized int maxQueued() {
            return queues.values().stream().mapToInt(java.util.Queue::size).max().orElse(0);
        }
    }

    static final class SessionDroppedException extends RuntimeException {
        SessionDroppedException() {
            super("console socket dropped by the server", null, false, false);
        }
    }

    static final class SlowConsumerException extends RuntimeException {
        SlowConsumerException() {
            super("console socket too slow", null, false, false);
        }
    }
}
