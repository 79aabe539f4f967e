package io.firstline.routing;

import java.util.List;
import io.firstline.agent.AgentState;
import io.firstline.kernel.Channel;

/**
 * A routing command as it travels to the node that owns routing (Kafka mode): plain records, so they can be written
 * as JSON. {@link RoutingEngine#answer} runs one on the owner's router.
 */
public sealed interface RoutingCommand {

    record ChangeState(long agentId, AgentState state) implements RoutingCommand {
    }

    record EnqueueAll(List<WaitingContact> contacts) implements RoutingCommand {
        public EnqueueAll {
            contacts = List.copyOf(contacts);
        }
    }

    record Release(long agentId, Channel channel) implements RoutingCommand {
    }

    record RestoreAssignment(long agentId, Channel channel) implements RoutingCommand {
    }

    record GiveBack(long agentId, WaitingContact contact) implements RoutingCommand {
    }

    record Withdraw(long contactId) implements RoutingCommand {
    }

    record Accept(String offerId, long agentId) implements RoutingCommand {
    }

    record Reject(String offerId, long agentId) implements RoutingCommand {
    }

    record OffersOf(long agentId) implements RoutingCommand {
    }
}
