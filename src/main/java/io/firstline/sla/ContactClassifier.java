package io.firstline.sla;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * First classification at intake, from the channel's hint when it gives one and
 * otherwise from keywords in the customer's words. Agents correct it on the console;
 * this only has to make a sensible first guess so deadlines start running at once.
 */
public final class ContactClassifier {

    private final Map<ContactType, List<String>> typeKeywords;
    private final List<String> majorKeywords;

    /**
     * @param typeKeywords  keywords per type, checked in the order complaint, repair, suggestion,
     *                      service request (a complaint about a repair is a complaint)
     * @param majorKeywords words that make any contact major (safety, media, many people affected)
     */
    public ContactClassifier(Map<ContactType, List<String>> typeKeywords, List<String> majorKeywords) {
        this.typeKeywords = Map.copyOf(typeKeywords);
        this.majorKeywords = List.copyOf(majorKeywords);
    }

    public Classification classify(String text, Optional<ContactType> channelHint) {
        String words = text == null ? "" : text.toLowerCase(Locale.ROOT);
        ContactType type = channelHint.orElseGet(() -> typeFromWords(words));
        Severity severity = containsAny(words, majorKeywords) ? Severity.MAJOR : Severity.NORMAL;
        return new Classification(type, severity, null);
    }

    private ContactType typeFromWords(String words) {
        for (ContactType type : List.of(ContactType.COMPLAINT, ContactType.REPAIR, ContactType.SUGGESTION,
                ContactType.SERVICE_REQUEST)) {
            if (containsAny(words, typeKeywords.getOrDefault(type, List.of()))) {
                return type;
            }
        }
        return ContactType.INQUIRY;
    }

    private static boolean containsAny(String words, List<String> keywords) {
        return keywords.stream().anyMatch(keyword -> words.contains(keyword.toLowerCase(Locale.ROOT)));
    }
}
