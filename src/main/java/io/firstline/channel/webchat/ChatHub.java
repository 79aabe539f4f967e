package io.firstline.channel.webchat;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * One numbered stream per widget conversation (account + visitor), mirroring the console's hub:
 * every frame a visitor's sockets should see (their acknowledged messages, agents' replies) gets the
 * conversation's next {@code seq} and is kept in a bounded buffer, so a socket that reconnects with
 * {@code resumeAfter} gets exactly what it missed. Each socket has a bounded queue; a socket that
 * cannot keep up is closed and its client resumes. Idle conversations beyond
 * {@code widget.max-conversations} are forgotten, oldest first.
 */
@Component
public class ChatHub {

    private static final Logger log = LoggerFactory.getLogger(ChatHub.class);

    private final WebchatProperties.Widget settings;
    private final Clock clock;
    /** Sequences restart with the process and with a forgotten conversation; resumeAfter only means something within one epoch. */
    private final String epoch = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
    private final AtomicLong incarnations = new AtomicLong();
    private final Map<String, Conversation> conversations;

    ChatHub(WebchatProperties properties, Clock clock) {
        this.settings = properties.widget();
        this.clock = clock;
        this.conversations = new LinkedHashMap<>(256, 0.75f, true);
    }

    /** Numbers the frame in the visitor's conversation, buffers it and pushes it to the visitor's open sockets. */
    ChatFrame publish(String handle, String type, Map<String, Object> fields) {
        return conversation(handle).publish(type, fields);
    }

    /**
     * Registers a socket; frames published from now on reach it until {@link Connection#close()}. When
     * {@code resumeAfter} was numbered in this conversation's epoch and is still buffered, {@code missed} holds
     * exactly the frames after it; otherwise it holds the whole buffer and {@code resumed} is false.
     */
    Connection connect(String handle, Long resumeAfter, String clientEpoch) {
        return conversation(handle).connect(resumeAfter, clientEpoch);
    }

    /**
     * Closes every open socket of the visitor's conversation, as a dropped connection would (the widget
     * reconnects and resumes); the conversation and its buffer stay. For tests (like {@code ConsoleHub.disconnect}).
     */
    public void disconnect(String handle) {
        Conversation conversation;
        synchronized (conversations) {
            conversation = conversations.get(handle);
        }
        if (conversation != null) {
            conversation.dropSessions();
        }
    }

    int connectedSessions(String handle) {
        Conversation conversation;
        synchronized (conversations) {
            conversation = conversations.get(handle);
        }
        return conversation == null ? 0 : conversation.sessionCount();
    }

    private Conversation conversation(String handle) {
        synchronized (conversations) {
            Conversation conversation = conversations.computeIfAbsent(handle,
                    key -> new Conversation(key, epoch + "." + incarnations.incrementAndGet()));
            forgetIdle(conversation);
            return conversation;
        }
    }

    /** Least recently used first; conversations with an open socket are skipped. Looks at a bounded number per call. */
    private void forgetIdle(Conversation inUse) {
        int excess = conversations.size() - settings.maxConversations();
        var eldest = conversations.values().iterator();
        for (int looked = 0; excess > 0 && looked < 64 && eldest.hasNext(); looked++) {
            Conversation candidate = eldest.next();
            if (candidate != inUse && candidate.sessionCount() == 0) {
                eldest.remove();
                excess--;
            }
        }
    }

    /** One frame: its number in the conversation (0 for none yet) and its JSON fields, {@code type} and {@code seq} first. */
    record ChatFrame(long seq, Map<String, Object> json) {
        String type() {
            return (String) json.get("type");
        }
    }

    /**
     * @param lastSeq the conversation's last sequence number when the socket was registered
     * @param epoch   the conversation's epoch, for the client's next {@code resumeAfter}
     */
    record Connection(long lastSeq, String epoch, List<ChatFrame> missed, boolean resumed, Flux<ChatFrame> live,
                      Conversation conversation, Sinks.Many<ChatFrame> sink) implements AutoCloseable {

        /** A frame for this socket only, numbered with the conversation's current sequence and queued after every frame it covers. */
        void direct(String type, Map<String, Object> fields) {
            conversation.direct(sink, type, fields);
        }

        /** Repeats the acknowledgement of {@code clientId} to this socket: the buffered one if still there, otherwise a fresh one. */
        void reAck(String clientId, Map<String, Object> fields) {
            conversation.reAck(sink, clientId, fields);
        }

        @Override
        public void close() {
            conversation.disconnect(sink);
        }
    }

    final class Conversation {
        private final String handle;
        private final String epoch;
        private final ArrayDeque<ChatFrame> recent = new ArrayDeque<>();
        private final List<Sinks.Many<ChatFrame>> sessions = new ArrayList<>();
        private long seq;

        private Conversation(String handle, String epoch) {
            this.handle = handle;
            this.epoch = epoch;
        }

        synchronized ChatFrame publish(String type, Map<String, Object> fields) {
            ChatFrame frame = frame(type, ++seq, fields);
            recent.addLast(frame);
            if (recent.size() > settings.resumeBuffer()) {
                recent.removeFirst();
            }
            for (Sinks.Many<ChatFrame> session : List.copyOf(sessions)) {
                emit(session, frame);
            }
            return frame;
        }

        synchronized Connection connect(Long resumeAfter, String clientEpoch) {
            Sinks.Many<ChatFrame> sink = Sinks.many().unicast()
                    .onBackpressureBuffer(new ArrayBlockingQueue<>(settings.sessionQueue()));
            sessions.add(sink);
            boolean resumed = false;
            if (resumeAfter != null && epoch.equals(clientEpoch) && resumeAfter <= seq) {
                long oldest = recent.isEmpty() ? seq + 1 : recent.peekFirst().seq();
                resumed = resumeAfter >= oldest - 1;
            }
            long after = resumed ? resumeAfter : 0;
            List<ChatFrame> missed = recent.stream().filter(frame -> frame.seq() > after).toList();
            return new Connection(seq, epoch, missed, resumed, sink.asFlux(), this, sink);
        }

        synchronized void direct(Sinks.Many<ChatFrame> sink, String type, Map<String, Object> fields) {
            emit(sink, frame(type, seq, fields));
        }

        synchronized void reAck(Sinks.Many<ChatFrame> sink, String clientId, Map<String, Object> fields) {
            for (ChatFrame frame : recent) {
                if ("ack".equals(frame.type()) && clientId.equals(frame.json().get("clientId"))) {
                    emit(sink, frame);
                    return;
                }
            }
            emit(sink, frame("ack", seq, fields));
        }

        synchronized void disconnect(Sinks.Many<ChatFrame> sink) {
            sessions.remove(sink);
        }

        synchronized int sessionCount() {
            return sessions.size();
        }

        synchronized void dropSessions() {
            List<Sinks.Many<ChatFrame>> dropped = List.copyOf(sessions);
            sessions.clear();
            dropped.forEach(session -> session.tryEmitError(new SessionDroppedException()));
        }

        private void emit(Sinks.Many<ChatFrame> session, ChatFrame frame) {
            if (session.tryEmitNext(frame).isFailure() && sessions.remove(session)) {
                log.warn("A chat socket of {} fell {} frames behind; closing it so it resumes", handle, settings.sessionQueue());
                session.tryEmitError(new SlowConsumerException());
            }
        }

        private ChatFrame frame(String type, long number, Map<String, Object> fields) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", type);
            json.put("seq", number);
            json.put("at", clock.instant().toString());
            json.putAll(fields);
            return new ChatFrame(number, java.util.Collections.unmodifiableMap(json));
        }
    }

    static final class SessionDroppedException extends RuntimeException {
        SessionDroppedException() {
            super("chat socket dropped", null, false, false);
        }
    }

    static final class SlowConsumerException extends RuntimeException {
        SlowConsumerException() {
            super("chat socket too slow", null, false, false);
        }
    }
}
