package org.seqbench.study.task;

/** The figure of a {@link Score} a task is judged and its learning rate chosen by. */
public enum Metric {
    /** The share answered right; higher is better. */
    ACCURACY("accuracy"),
    /** The mean squared error; lower is better. */
    MEAN_SQUARED_ERROR("mse");

    private final String id;

    Metric(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public double of(Score score) {
        return this == ACCURACY ? score.accuracy() : score.loss();
    }

    /** Whether {@code candidate} beats {@code incumbent} on this metric. */
    public boolean isBetter(double candidate, double incumbent) {
        return this == ACCURACY ? candidate > incumbent : candidate < incumbent;
    }
}
