package io.firstline.kernel;

import java.util.List;

/**
 * An event addressed to agents ({@code recipients}, all of one workspace): it belongs to their workspace, which a relay
 * to other nodes keys it by. The records implement it with their {@code recipients} component.
 */
public interface AddressedEvent extends DomainEvent {

    List<Long> recipients();
}
