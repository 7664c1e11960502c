package org.seqbench.dl4j;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The engine arrays one prepared input consists of, by name: the batch-first input itself and whatever else a
 * network needs per input shape (made once, outside the measured forward pass). The names are also the
 * placeholder names of the SameDiff graphs.
 */
final class Feeds implements AutoCloseable {
    /** The batch-first model input {@code [batch, seq, inputSize]}. */
    static final String INPUT = "input";
    /** The Transformer's positional encoding table {@code [seq, d]}. */
    static final String POSITIONAL_ENCODING = "positional_encoding";
    /** The initial state of a GRU run with a constant unit (see {@link ConstantUnitGru}): {@code [batch, H+1]}. */
    static final String INITIAL_STATE = "initial_state";
    /**
     * The positions {@code T-1, ..., 0} (int64), with which the bidirectional GRU on native operators gathers its
     * sequences in reversed time: libnd4j's {@code reverse} operator leaks native memory in 1.0.0-M2.1 (7 to 12 KiB
     * a call), {@code gather} does not.
     */
    static final String REVERSED_POSITIONS = "reversed_positions";
    /**
     * Not prepared: the placeholder through which a {@link SameDiffNetwork} of several graphs hands one graph's
     * output to the next.
     */
    static final String LAYER_INPUT = "layer_input";

    private final Map<String, INDArray> arrays = new LinkedHashMap<>();

    /** Adds an array this object will own and close; returns this. */
    Feeds with(String name, INDArray array) {
        arrays.put(name, Objects.requireNonNull(array, name));
        return this;
    }

    /**
     * @throws IllegalStateException if the network that prepared these feeds did not add {@code name}
     */
    INDArray get(String name) {
        INDArray array = arrays.get(name);
        if (array == null) {
            throw new IllegalStateException("no '" + name + "' among the prepared arrays " + arrays.keySet());
        }
        return array;
    }

    /** The arrays by name, as SameDiff takes its placeholders (not a copy). */
    Map<String, INDArray> byName() {
        return arrays;
    }

    /** The arrays (for tests that check they are released). */
    Collection<INDArray> arrays() {
        return arrays.values();
    }

    @Override
    public void close() {
        arrays.values().forEach(INDArray::close);
    }
}
