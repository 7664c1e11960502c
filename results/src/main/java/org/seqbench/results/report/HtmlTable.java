package org.seqbench.results.report;

import java.util.ArrayList;
import java.util.List;

/** A table for the report: headers, rows of cells, numbers right-aligned, in the page's one table style. */
final class HtmlTable {
    private final List<String> headers = new ArrayList<>();
    private final List<String> classes = new ArrayList<>();
    private final List<String> rows = new ArrayList<>();

    /** A column of short text (names, settings), kept on one line. */
    HtmlTable text(String header) {
        return column(header, "");
    }

    /** A column of numbers, right-aligned, kept on one line. */
    HtmlTable number(String header) {
        return column(header, "num");
    }

    /** A column of sentences (reasons, crossings) that may wrap. */
    HtmlTable prose(String header) {
        return column(header, "wrap");
    }

    private HtmlTable column(String header, String cssClass) {
        headers.add(header);
        classes.add(cssClass);
        return this;
    }

    /** A row of plain-text cells, escaped here. */
    HtmlTable row(List<String> cells) {
        return rowHtml(cells.stream().map(Html::escape).toList());
    }

    /** A row of cells that are HTML already (their run-record text escaped by the caller). */
    HtmlTable rowHtml(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("a row of " + cells.size() + " cells in a table of " + headers.size()
                    + " columns");
        }
        StringBuilder row = new StringBuilder("<tr>");
        for (int i = 0; i < cells.size(); i++) {
            row.append(open("td", classes.get(i))).append(cells.get(i)).append("</td>");
        }
        rows.add(row.append("</tr>").toString());
        return this;
    }

    /**
     * A row whose first cells are given and whose remaining columns hold one note in their place: a fit that could
     * not be made says why across the columns its figures would have filled.
     */
    HtmlTable rowWithNote(List<String> leading, String note) {
        if (leading.size() >= headers.size()) {
            throw new IllegalArgumentException("no columns left for the note in a table of " + headers.size());
        }
        StringBuilder row = new StringBuilder("<tr>");
        for (int i = 0; i < leading.size(); i++) {
            row.append(open("td", classes.get(i))).append(Html.escape(leading.get(i))).append("</td>");
        }
        row.append("<td class=\"wrap note-cell\" colspan=\"").append(headers.size() - leading.size()).append("\">")
                .append(Html.escape(note)).append("</td>");
        rows.add(row.append("</tr>").toString());
        return this;
    }

    private static String open(String element, String cssClass) {
        return cssClass.isEmpty() ? "<" + element + ">" : "<" + element + " class=\"" + cssClass + "\">";
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    String render() {
        StringBuilder out = new StringBuilder("<div class=\"table-wrap\"><table><thead><tr>");
        for (int i = 0; i < headers.size(); i++) {
            out.append(open("th", classes.get(i))).append(Html.escape(headers.get(i))).append("</th>");
        }
        out.append("</tr></thead><tbody>\n");
        rows.forEach(row -> out.append(row).append('\n'));
        return out.append("</tbody></table></div>\n").toString();
    }
}
