package org.seqbench.results.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * What every report page inlines, read once from the class path: Chart.js from its webjar (the version the build
 * resolved, found through the webjar's own Maven metadata), the pages' one style sheet, and each page's script.
 * Inlining them is what makes report.html, compare.html and history.html open with no network: in a CI artifact
 * viewer, on a plane, years later.
 */
final class PageAssets {
    private static final String WEBJAR_METADATA = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    /** Loaded on first use, and only then. */
    private static final class Loaded {
        static final String CHART_JS_VERSION = webjarVersion();
        static final String CHART_JS = read("META-INF/resources/webjars/chart.js/" + CHART_JS_VERSION
                + "/dist/chart.umd.min.js");
        static final String PAGE_SCRIPT = read("org/seqbench/results/report/page.js");
        static final String REPORT_SCRIPT = read("org/seqbench/results/report/report.js");
        static final String COMPARE_SCRIPT = read("org/seqbench/results/report/compare.js");
        static final String HISTORY_SCRIPT = read("org/seqbench/results/report/history.js");
        static final String STYLE = read("org/seqbench/results/report/report.css");
    }

    private PageAssets() {
    }

    static String chartJs() {
        return Loaded.CHART_JS;
    }

    static String chartJsVersion() {
        return Loaded.CHART_JS_VERSION;
    }

    /** What every page's charts share (the rendered mark), registered with Chart.js before the page's script. */
    static String pageScript() {
        return Loaded.PAGE_SCRIPT;
    }

    /** report.html's script: the line charts of {@link ChartSpec}. */
    static String reportScript() {
        return Loaded.REPORT_SCRIPT;
    }

    /** compare.html's script: the forest plots of {@link CompareHtml.Forest}. */
    static String compareScript() {
        return Loaded.COMPARE_SCRIPT;
    }

    /** history.html's script: the run charts of {@link HistoryHtml.Chart}. */
    static String historyScript() {
        return Loaded.HISTORY_SCRIPT;
    }

    static String style() {
        return Loaded.STYLE;
    }

    private static String webjarVersion() {
        Properties metadata = new Properties();
        try (InputStream in = open(WEBJAR_METADATA)) {
            metadata.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + WEBJAR_METADATA, e);
        }
        return metadata.getProperty("version");
    }

    private static String read(String resource) {
        try (InputStream in = open(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (text.toLowerCase(java.util.Locale.ROOT).contains("</script")) {
                throw new IllegalStateException(resource + " contains '</script', which would end its inline element");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from the class path", e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = PageAssets.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is not on the class path; the results module's jar or its "
                    + "Chart.js webjar is missing");
        }
        return in;
    }
}
