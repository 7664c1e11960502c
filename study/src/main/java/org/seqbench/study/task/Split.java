package org.seqbench.study.task;

/**
 * Which set a sequence belongs to. Each split has its own random stream per task and seed, so the held-out test
 * set never shares a sequence's draws with the training set, whatever the budget.
 */
public enum Split {
    TRAINING("training"),
    TEST("test");

    private final String id;

    Split(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
