/**
 * What a contact records for analysis: the versioned complaint-cause taxonomy, the managed list of responsible
 * departments, and turning a request's codes into a {@code ContactAnalysis} (used by resolve and transfer).
 */
@org.springframework.modulith.NamedInterface("analysis")
package io.firstline.report.analysis;
