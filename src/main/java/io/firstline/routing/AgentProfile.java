package io.firstline.routing;

import io.firstline.DomainModel;

import java.util.Objects;
import java.util.Set;

/** What routing needs to know about an agent: who it is, which workspace's router it is in and which skills it holds. */
@DomainModel
public record AgentProfile(long workspaceId, long agentId, String username, Set<String> skills) {

    public AgentProfile {
        skills = Set.copyOf(Objects.requireNonNull(skills, "skills"));
    }

    /** A contact without a skill (null or blank) can go to any agent. */
    public boolean canHandle(String skill) {
        return skill == null || skill.isBlank() || skills.contains(skill);
    }
}
