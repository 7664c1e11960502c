package org.seqbench.study.claims;

import java.util.List;

/**
 * One claim of the usual RNN / LSTM / GRU / Transformer comparison, checked against measurements.
 *
 * @param id a short key, also the anchor of its row in the report
 * @param statement the claim as it is usually made
 * @param evidence the measured facts the verdict rests on, one sentence each, with their numbers
 * @param conditions what it was measured under (machine, sizes, budget), beyond which the verdict says nothing
 * @param link the anchor of the chart or table that shows the evidence
 */
public record Claim(String id, String statement, Verdict verdict, List<String> evidence, String conditions,
        String link) {

    public Claim {
        evidence = List.copyOf(evidence);
    }
}
