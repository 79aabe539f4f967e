package io.firstline.report.history;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * XLSX through POI's streaming {@link SXSSFWorkbook}: at most {@link #WINDOW} rows per sheet in memory, the rest
 * flushed to a temporary file (deleted when done). Blocking: call only on a bounded-elastic thread.
 */
final class Xlsx implements AutoCloseable {

    static final int WINDOW = 100;

    private final SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
    private SXSSFSheet sheet;
    private int next;

    Xlsx() {
        workbook.setCompressTempFiles(true);
    }

    void sheet(String name, List<String> headers) {
        sheet = workbook.createSheet(name.length() > 31 ? name.substring(0, 31) : name);
        next = 0;
        row(List.copyOf(headers));
    }

    void row(List<?> values) {
        Row row = sheet.createRow(next++);
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            if (value == null) {
                continue;
            }
            Cell cell = row.createCell(i);
            if (value instanceof Number number) {
                cell.setCellValue(number.doubleValue());
            } else if (value instanceof Boolean bool) {
                cell.setCellValue(bool);
            } else {
                cell.setCellValue(value.toString());
            }
        }
    }

    void writeTo(OutputStream out) {
        try {
            workbook.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            workbook.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            workbook.dispose();
        }
    }
}
