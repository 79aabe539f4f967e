package io.firstline.platform;

import java.util.Map;
import io.firstline.kernel.Channel;

/**
 * The queues every workspace starts with, one per channel, named as agents read them in the transfer picker and
 * supervisors on the wallboard (same as V11__queue_names.sql): code, channel and skill are the channel's wire name.
 */
public final class StandardQueues {

    private static final Map<Channel, String> NAMES = Map.of(
            Channel.PHONE, "Phone", Channel.WEBCHAT, "Web chat", Channel.EMAIL, "E-mail",
            Channel.WECHAT, "WeChat", Channel.VISIT, "Walk-in visits", Channel.LETTER, "Letters");

    private StandardQueues() {
    }

    public static String name(Channel channel) {
        return NAMES.getOrDefault(channel, channel.wireName());
    }
}
