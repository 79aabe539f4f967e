package io.firstline.report.analysis;

/**
 * What a client sends to record a contact's analysis, by codes: {@code cause} (a current complaint cause),
 * {@code department} (an active department), {@code disposition} with its {@code reason}, {@code complaintValid}.
 * Every field may be left out.
 */
public record AnalysisRequest(String cause, String department, String disposition, String reason,
                              Boolean complaintValid) {

    public static final AnalysisRequest NONE = new AnalysisRequest(null, null, null, null, null);
}
