package io.firstline.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StorableTextTest {

    @Test
    void nulAndUnpairedSurrogatesAreRefusedSayingWhereOtherControlCharactersAndEmojiAreKept() {
        assertThat(StorableText.problem("text", "a\u0000b")).contains(
                "text contains the control character U+0000 (NUL) at position 1, which cannot be stored");
        assertThat(StorableText.problem("name", "x\ud800")).hasValueSatisfying(p -> assertThat(p).contains("U+D800"));
        assertThat(StorableText.problem("name", "\udc00x")).isPresent();
        assertThat(StorableText.problem("text", "tab\there\r\nbell\u0007 emoji \ud83d\ude00 中文")).isEmpty();
        assertThat(StorableText.problem("text", null)).isEmpty();
        assertThatThrownBy(() -> StorableText.require("text", "\u0000")).isInstanceOf(StorableText.UnstorableTextException.class);
    }

    @Test
    void strippingRemovesOnlyWhatCannotBeStored() {
        assertThat(StorableText.strip("a\u0000b\ud800c \ud83d\ude00")).isEqualTo("abc \ud83d\ude00");
        assertThat(StorableText.strip("plain")).isEqualTo("plain");
        assertThat(StorableText.strip(null)).isNull();
    }
}
