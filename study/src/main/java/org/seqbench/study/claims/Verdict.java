package org.seqbench.study.claims;

/** What the measurements say of a claim. */
public enum Verdict {
    HOLDS("holds"),
    HOLDS_PARTLY("holds partly"),
    DOES_NOT_HOLD("does not hold"),
    NOT_MEASURABLE("not measurable here");

    private final String words;

    Verdict(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }
}
