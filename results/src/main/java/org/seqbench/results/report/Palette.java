package org.seqbench.results.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gives each series one colour for the whole report, in order of first appearance, so that "onnx, batch 8" is
 * the same colour in the latency, throughput and work-rate charts. The page maps the indexes onto the Okabe-Ito
 * palette, which people with any common colour-vision deficiency can tell apart; past its eight colours the
 * indexes wrap around and the dash patterns keep lines apart.
 */
final class Palette {
    private final Map<String, Integer> colours = new LinkedHashMap<>();

    int colour(String series) {
        return colours.computeIfAbsent(series, key -> colours.size());
    }
}
