package io.firstline.kernel;

/**
 * An event that names its workspace. A relay to other nodes keys it by that workspace, so one workspace's events keep
 * their order (one partition of {@code firstline.events}).
 */
public interface WorkspaceEvent extends DomainEvent {

    long workspaceId();
}
