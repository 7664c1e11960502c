package org.seqbench.harness.cli;

import java.io.PrintWriter;
import java.util.List;

/** Plain-text tables for the terminal: columns padded to their widest cell, the last column left ragged. */
final class Tables {
    private Tables() {
    }

    static void print(PrintWriter out, List<String[]> rows) {
        int columns = rows.getFirst().length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int column = 0; column < columns - 1; column++) {
                widths[column] = Math.max(widths[column], row[column].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < columns; column++) {
                line.append(column == columns - 1 ? row[column] : pad(row[column], widths[column] + 2));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
