package io.firstline.contact;

import io.firstline.DomainModel;
import io.firstline.sla.ContactType;
import java.util.ArrayList;
import java.util.List;

/**
 * What a contact records for analysis (issue 11): its complaint cause (a version of the taxonomy), the responsible
 * department, how it ended (disposition, with a reason) and whether a complaint is valid (有效投诉). A null field is
 * left as it is.
 */
@DomainModel
public record ContactAnalysis(Long causeId, Long departmentId, Disposition disposition, String reason,
                              Boolean complaintValid) {

    public static final int MAX_REASON = 1000;
    public static final ContactAnalysis NONE = new ContactAnalysis(null, null, null, null, null);

    public boolean isEmpty() {
        return causeId == null && departmentId == null && disposition == null && reason == null && complaintValid == null;
    }

    /** What is wrong with recording this on a contact of that type; empty when nothing. */
    public List<String> problems(ContactType type) {
        List<String> problems = new ArrayList<>();
        if (reason != null && reason.length() > MAX_REASON) {
            problems.add("reason is at most " + MAX_REASON + " characters");
        }
        if (disposition != null && disposition.needsReason() && (reason == null || reason.isBlank())) {
            problems.add("disposition " + disposition.wireName() + " needs a reason");
        }
        if (reason != null && disposition == null) {
            problems.add("a reason goes with a disposition");
        }
        boolean complaint = type == ContactType.COMPLAINT;
        if (complaintValid != null && !complaint) {
            problems.add("complaintValid is for complaints; this contact is a " + type.wireName());
        }
        if (disposition == Disposition.INVALID_COMPLAINT && !complaint) {
            problems.add("disposition invalid_complaint is for complaints; this contact is a " + type.wireName());
        }
        if (disposition == Disposition.INVALID_COMPLAINT && Boolean.TRUE.equals(complaintValid)) {
            problems.add("an invalid_complaint disposition cannot have complaintValid true");
        }
        return problems;
    }

    /** An invalid-complaint disposition also marks the complaint not valid. */
    ContactAnalysis normalized() {
        if (disposition == Disposition.INVALID_COMPLAINT && complaintValid == null) {
            return new ContactAnalysis(causeId, departmentId, disposition, reason, false);
        }
        return this;
    }
}
