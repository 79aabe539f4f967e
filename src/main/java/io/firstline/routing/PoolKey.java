package io.firstline.routing;

import io.firstline.DomainModel;

import io.firstline.kernel.Channel;

import java.util.Objects;

/**
 * Which agents may take a contact: those holding {@code skill} with room on {@code channel}.
 *
 * @param skill null for a contact that anyone may take (no skill, or a blank one)
 */
@DomainModel
record PoolKey(String skill, Channel channel) {

    PoolKey {
        Objects.requireNonNull(channel, "channel");
    }

    static PoolKey of(WaitingContact contact) {
        String skill = contact.skill();
        return new PoolKey(skill == null || skill.isBlank() ? null : skill, contact.channel());
    }
}
