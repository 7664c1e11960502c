package org.seqbench.results.analysis;

import org.seqbench.results.Cell;

/**
 * A coordinate of a cell that a curve runs along. Two cells lie on the same curve when they come from the same run
 * and differ in this coordinate only; {@link #without} gives the part they share, the curve's identity.
 */
public enum Coordinate {
    SEQ_LEN("sequence length"),
    BATCH("batch"),
    THREADS("threads");

    private final String description;

    Coordinate(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** This coordinate's value in {@code cell}. */
    public int of(Cell cell) {
        return switch (this) {
            case SEQ_LEN -> cell.seqLen();
            case BATCH -> cell.batch();
            case THREADS -> cell.threads();
        };
    }

    /** {@code cell} with this coordinate set to 0: the same for every cell of one curve. */
    public Cell without(Cell cell) {
        return new Cell(cell.backend(), cell.variant(), cell.device(), cell.precision(), cell.kind(),
                this == SEQ_LEN ? 0 : cell.seqLen(), this == BATCH ? 0 : cell.batch(), cell.hiddenSize(), cell.layers(),
                this == THREADS ? 0 : cell.threads(), cell.inputSize(), cell.heads(), cell.ffnSize(),
                cell.outputSize(), cell.bidirectional());
    }
}
