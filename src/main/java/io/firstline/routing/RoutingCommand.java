package io.firstline.routing;

import java.util.List;
import io.firstline.agent.AgentState;
import io.firstline.kernel.Channel;

/**
 * A routing command as it travels to the node that routes its workspace (Kafka mode): plain records, so they can be
 * written as JSON. Each names its workspace, which keys it on the routing topic. {@link RoutingEngine#answer} runs one
 * on the owner's router of that workspace.
 */
public sealed interface RoutingCommand {

    /** The workspace whose router runs the command. */
    long workspaceId();

    record ChangeState(long workspaceId, long agentId, AgentState state) implements RoutingCommand {
    }

    /** Contacts of one workspace. */
    record EnqueueAll(long workspaceId, List<WaitingContact> contacts) implements RoutingCommand {
        public EnqueueAll {
            contacts = List.copyOf(contacts);
        }
    }

    record Release(long workspaceId, long agentId, Channel channel) implements RoutingCommand {
    }

    record RestoreAssignment(long workspaceId, long agentId, Channel channel) implements RoutingCommand {
    }

    record GiveBack(long workspaceId, long agentId, WaitingContact contact) implements RoutingCommand {
    }

    record Withdraw(long workspaceId, long contactId) implements RoutingCommand {
    }

    record Accept(long workspaceId, String offerId, long agentId) implements RoutingCommand {
    }

    record Reject(long workspaceId, String offerId, long agentId) implements RoutingCommand {
    }

    record OffersOf(long workspaceId, long agentId) implements RoutingCommand {
    }
}
