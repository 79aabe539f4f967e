package io.firstline.report.history;

import java.util.List;
import java.util.Locale;
import org.springframework.http.MediaType;

/** How a report answers: JSON (default), CSV or XLSX, by {@code ?format=} or else by the Accept header. */
enum ExportFormat {
    JSON(MediaType.APPLICATION_JSON),
    CSV(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8)),
    XLSX(MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));

    final MediaType mediaType;

    ExportFormat(MediaType mediaType) {
        this.mediaType = mediaType;
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format asked for, or null when {@code format} names none. */
    static ExportFormat of(String format, List<MediaType> accept) {
        if (format != null) {
            for (ExportFormat candidate : values()) {
                if (candidate.wireName().equals(format)) {
                    return candidate;
                }
            }
            return null;
        }
        for (MediaType type : accept) {
            if (type.isCompatibleWith(XLSX.mediaType) && !type.isWildcardType()) {
                return XLSX;
            }
            if (type.isCompatibleWith(CSV.mediaType) && !type.isWildcardType()) {
                return CSV;
            }
        }
        return JSON;
    }
}
