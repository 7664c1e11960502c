package org.seqbench.results.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import org.seqbench.results.Json;

/**
 * The frame every seqbench page shares: the style sheet, Chart.js and the page's own script inline, and the page's
 * data in one {@code <script type="application/json" id="seqbench-data">} block that the script reads. Nothing is
 * fetched when the page opens.
 */
final class HtmlPage {
    private static final ObjectMapper JSON = Json.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);

    private HtmlPage() {
    }

    /**
     * @param title the document's title, plain text
     * @param body the page's content, HTML (its run-record text escaped by the caller)
     * @param data what the script draws, serialised as JSON
     * @param script the page's script ({@link PageAssets#reportScript()}, {@link PageAssets#compareScript()})
     */
    static String render(String title, String body, Object data, String script) {
        String json;
        try {
            json = JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise the page's chart data", e);
        }
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + Html.escape(title) + "</title>\n"
                + "<style>\n" + PageAssets.style() + "</style>\n</head>\n<body>\n<main>\n" + body
                + "<p class=\"note\">Charts drawn with Chart.js " + Html.escape(PageAssets.chartJsVersion())
                + " (MIT licence), inlined in this file.</p>\n</main>\n"
                + "<script type=\"application/json\" id=\"seqbench-data\">" + Html.scriptJson(json) + "</script>\n"
                + "<script>\n" + PageAssets.chartJs() + "\n</script>\n"
                + "<script>\n" + PageAssets.pageScript() + "</script>\n"
                + "<script>\n" + script + "</script>\n</body>\n</html>\n";
    }
}
