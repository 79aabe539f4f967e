package io.firstline.handover;

import io.firstline.DomainModel;
import java.util.List;

/**
 * One open matter the outgoing shift hands over: a contact with why it is listed ({@code open}, {@code major},
 * {@code repair}, {@code breached}, {@code at_risk}, {@code follow_up_due}), and the outgoing person's note.
 * {@code unclear}: the incoming person marked the record unclear.
 */
@DomainModel
record HandoverItem(long contactId, String customer, String status, String type, List<String> listedAs, String note,
                    String noteBy, boolean unclear) {

    /** 四不接: a major matter, an unfinished repair or an unclear record is not taken over without a note. */
    boolean needsNote() {
        return listedAs.contains("major") || listedAs.contains("repair") || unclear;
    }

    boolean blocksTakeOver() {
        return needsNote() && (note == null || note.isBlank());
    }
}
