package io.firstline.kernel;

import java.util.Optional;

/**
 * Text PostgreSQL can store. A {@code text} column refuses U+0000 (NUL) outright, and an unpaired UTF-16 surrogate
 * cannot be encoded as UTF-8 at all (the driver would store {@code ?} instead). Every input path checks its text
 * here before anything is stored, so such a character is a 400 saying which field, never a retried failure.
 */
public final class StorableText {

    private StorableText() {
    }

    /** What is wrong with {@code value} for {@code field}, or empty when it can be stored (null can). */
    public static Optional<String> problem(String field, String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                return Optional.of(field + " contains the control character U+0000 (NUL) at position " + i
                        + ", which cannot be stored");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(field + " contains an unpaired surrogate (U+" + String.format("%04X", (int) c)
                        + ") at position " + i + ", which is not valid Unicode and cannot be stored");
            }
        }
        return Optional.empty();
    }

    /** {@code value} itself, or {@link UnstorableTextException} saying what is wrong with it. */
    public static String require(String field, String value) {
        problem(field, value).ifPresent(problem -> {
            throw new UnstorableTextException(problem);
        });
        return value;
    }

    /** {@code value} without the characters that cannot be stored (for channels whose text legitimately carries them). */
    public static String strip(String value) {
        if (value == null || problem("", value).isEmpty()) {
            return value;
        }
        StringBuilder kept = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                kept.append(c).append(value.charAt(++i));
            } else if (c != '\u0000' && !Character.isSurrogate(c)) {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    /** A text that cannot be stored: a permanent failure (retrying cannot help), answered 400. */
    public static final class UnstorableTextException extends IllegalArgumentException {
        public UnstorableTextException(String message) {
            super(message);
        }
    }
}
