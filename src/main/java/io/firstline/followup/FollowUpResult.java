package io.firstline.followup;

import java.util.ArrayList;
import java.util.List;

/**
 * What the first responder learned when following up: whether the customer was reached,
 * their satisfaction 1–5, whether they are satisfied, and a comment.
 */
record FollowUpResult(String outcome, Integer satisfaction, Boolean satisfied, String comment) {

    public static final int MAX_COMMENT = 2000;

    /** Problems with this result, empty when it can be recorded. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!"reached".equals(outcome) && !"unreachable".equals(outcome)) {
            problems.add("outcome must be reached or unreachable");
        }
        if ("reached".equals(outcome) && satisfaction == null && satisfied == null) {
            problems.add("satisfaction (1-5) or satisfied (true/false) is required when the customer was reached");
        }
        if (satisfaction != null && (satisfaction < 1 || satisfaction > 5)) {
            problems.add("satisfaction must be between 1 and 5");
        }
        if (comment != null && comment.length() > MAX_COMMENT) {
            problems.add("comment must be at most " + MAX_COMMENT + " characters");
        }
        return problems;
    }

    /** DOMAIN §5: a score of 1–2 or "not satisfied" sends the contact back to its first responder. */
    public boolean reopens() {
        return (satisfaction != null && satisfaction <= 2) || Boolean.FALSE.equals(satisfied);
    }
}
