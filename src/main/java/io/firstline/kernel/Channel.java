package io.firstline.kernel;

import io.firstline.DomainModel;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

@DomainModel
public enum Channel {
    PHONE, WEBCHAT, EMAIL, WECHAT, VISIT,
    /** A paper letter, registered by an agent (with its scan attached). */
    LETTER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Channel> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(channel -> channel.wireName().equals(wireName)).findFirst();
    }
}
