package io.firstline.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Hides customers' phone numbers and e-mail addresses wherever they appear in text shown on a wall. */
public final class Masking {

    private static final Pattern EMAIL = Pattern.compile("([\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]*@([\\p{L}\\p{N}.-]+)");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w-])\\+?\\d[\\d \\-()]{5,}\\d(?![\\w-])");

    private Masking() {
    }

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String withoutEmails = EMAIL.matcher(text).replaceAll("$1***@$2");
        Matcher phones = PHONE.matcher(withoutEmails);
        StringBuilder out = new StringBuilder();
        while (phones.find()) {
            String digits = phones.group().replaceAll("\\D", "");
            if (digits.length() < 7) {
                phones.appendReplacement(out, Matcher.quoteReplacement(phones.group()));
                continue;
            }
            String masked = digits.length() <= 4 ? "****"
                    : digits.substring(0, Math.min(3, digits.length() - 4)) + "****" + digits.substring(digits.length() - 4);
            phones.appendReplacement(out, Matcher.quoteReplacement(masked));
        }
        phones.appendTail(out);
        return out.toString();
    }
}
