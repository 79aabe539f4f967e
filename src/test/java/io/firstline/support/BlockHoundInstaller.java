package io.firstline.support;

import java.util.concurrent.ThreadPoolExecutor;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import reactor.blockhound.BlockHound;

/** Installs BlockHound once for the whole test JVM: any blocking call on a non-blocking thread fails. */
public class BlockHoundInstaller implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        BlockHound.install(builder -> builder
                // The router's single thread is marked non-blocking; waiting idle for its next command is not a blocking call.
                .allowBlockingCallsInside(ThreadPoolExecutor.class.getName(), "getTask")
                // Handing a command to the router is a non-blocking offer to its bounded queue; only the queue's
                // short internal lock can park under contention (Reactor allows the same for its own executors).
                .allowBlockingCallsInside(ThreadPoolExecutor.class.getName(), "execute")
                // Jackson builds a body type's deserializer once, under a short lock; the first requests of a type
                // arriving together can park on it for that once. Every later request reads the cache lock-free.
                .allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer"));
    }
}
