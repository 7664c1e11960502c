package org.seqbench.results.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.seqbench.results.Json;

/** What the page tests read out of a page: its data block, a section, and the answer a browser probe wrote. */
final class PageProbes {
    private PageProbes() {
    }

    /** The page's one JSON block, as its script reads it. */
    static JsonNode data(String page) throws IOException {
        Matcher block = Pattern.compile("<script type=\"application/json\" id=\"seqbench-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(page);
        assertTrue(block.find(), "the page has its data block");
        assertFalse(block.group(1).contains("<"), "no markup can end the data block early");
        return Json.mapper().readTree(block.group(1));
    }

    /** The page's {@code <section id="id">}, up to its end. */
    static String section(String page, String id) {
        int start = page.indexOf("<section id=\"" + id + "\">");
        assertTrue(start >= 0, "section " + id);
        return page.substring(start, page.indexOf("</section>", start));
    }

    /** A JSON array's elements as text. */
    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** What the probe script wrote into {@code <pre id="probe">} of the DOM Chromium dumped. */
    static JsonNode probe(String dom) throws IOException {
        Matcher probe = Pattern.compile("<pre id=\"probe\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertTrue(probe.find(), "the probe ran and wrote its answer into the page");
        return Json.mapper().readTree(probe.group(1).replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&"));
    }

    /** How many times {@code needle} occurs in {@code text}. */
    static int occurrences(String text, String needle) {
        Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int found = 0;
        while (matcher.find()) {
            found++;
        }
        return found;
    }
}
