package org.seqbench.results.report;

import java.util.regex.Pattern;

/**
 * Escaping for text from a record on its way into Markdown. Markdown passes inline HTML through, so a tag in a
 * hostname or a failure reason would be markup in every viewer that renders the summary; as entities it is text.
 */
final class Markdown {
    /** What a code span may hold as is: the characters of run ids, profiles and versions. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._+:/@=, -]*");

    private Markdown() {
    }

    /**
     * {@code text} as text in a paragraph or a table cell: no tag, no entity, no cell break, on one line. A lone
     * {@code >} starts nothing mid-line, so it stays as typed ("1.29.0 -> 1.30.0").
     */
    static String text(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace("|", "\\|")
                .replace("\r", " ").replace("\n", " ");
    }

    /**
     * {@code text} as a code span where it holds only plain characters; otherwise as escaped text, since inside a
     * code span an entity shows as itself and a backtick in the text would end the span.
     */
    static String code(String text) {
        if (text == null) {
            return "";
        }
        return PLAIN.matcher(text).matches() ? "`" + text + "`" : text(text);
    }
}
