package org.seqbench.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A model's parameters: float32 tensors under their PyTorch state_dict names (see {@link WeightLayout}), in the
 * order they were given. Immutable as a map; the tensors themselves are shared, not copied (see {@link Tensor}).
 */
public final class Weights {
    private static final int LISTED_PROBLEMS = 6;

    private final Map<String, Tensor> tensors;

    private Weights(Map<String, Tensor> tensors) {
        this.tensors = tensors;
    }

    /** Weights holding exactly these tensors, in the map's iteration order. */
    public static Weights of(Map<String, Tensor> tensors) {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> copy.put(Objects.requireNonNull(name, "weight name"),
                Objects.requireNonNull(tensor, () -> "tensor for weight " + name)));
        return new Weights(Collections.unmodifiableMap(copy));
    }

    /** The canonical weights of {@code spec}: PyTorch's default ranges, drawn deterministically from {@code seed}. */
    public static Weights initialise(ModelSpec spec, long seed) {
        return initialise(spec, seed, WeightInit.PYTORCH_DEFAULT);
    }

    /**
     * Weights for {@code spec} drawn from {@code seed}. Each tensor has its own random stream keyed by its name, so
     * the same seed gives the same tensor whatever else the model contains.
     */
    public static Weights initialise(ModelSpec spec, long seed, WeightInit init) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (WeightLayout.Parameter parameter : WeightLayout.of(spec)) {
            tensors.put(parameter.name(), draw(parameter, seed, init));
        }
        return new Weights(Collections.unmodifiableMap(tensors));
    }

    private static Tensor draw(WeightLayout.Parameter parameter, long seed, WeightInit init) {
        Tensor tensor = Tensor.zeros(parameter.shapeArray());
        float[] values = tensor.data();
        SplitMix64 random = SplitMix64.forStream(seed, parameter.name());
        switch (parameter.init()) {
            case WeightLayout.Init.Uniform(double bound) -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) random.nextUniform(-bound, bound);
                }
            }
            case WeightLayout.Init.Constant(double value) -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = init == WeightInit.ALL_RANDOM
                            ? (float) random.nextUniform(value - 0.5, value + 0.5)
                            : (float) value;
                }
            }
        }
        return tensor;
    }

    /**
     * The tensor named {@code name}.
     *
     * @throws IllegalArgumentException if there is none
     */
    public Tensor get(String name) {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("no weight named '" + name + "'");
        }
        return tensor;
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    public Set<String> names() {
        return tensors.keySet();
    }

    /** The tensors by name, in order (unmodifiable). */
    public Map<String, Tensor> asMap() {
        return tensors;
    }

    /** Total number of scalar parameters. */
    public long parameterCount() {
        return tensors.values().stream().mapToLong(Tensor::size).sum();
    }

    /**
     * Checks that these weights are exactly the parameters of {@code spec}: every name present, nothing extra,
     * every shape right.
     *
     * @return this, for chaining
     * @throws WeightsMismatchException listing the missing, unexpected and mis-shaped tensors
     */
    public Weights requireMatches(ModelSpec spec) {
        List<String> problems = new ArrayList<>();
        List<WeightLayout.Parameter> layout = WeightLayout.of(spec);
        for (WeightLayout.Parameter parameter : layout) {
            Tensor tensor = tensors.get(parameter.name());
            if (tensor == null) {
                problems.add("missing " + parameter.name() + " " + parameter.shape());
            } else if (!tensor.hasShape(parameter.shapeArray())) {
                problems.add(parameter.name() + " has shape " + tensor.shapeText() + ", expected "
                        + Arrays.toString(parameter.shapeArray()));
            }
        }
        Set<String> expected = new java.util.HashSet<>();
        layout.forEach(parameter -> expected.add(parameter.name()));
        for (String name : tensors.keySet()) {
            if (!expected.contains(name)) {
                problems.add("unexpected " + name);
            }
        }
        if (!problems.isEmpty()) {
            String listed = String.join("; ", problems.subList(0, Math.min(LISTED_PROBLEMS, problems.size())));
            String more = problems.size() > LISTED_PROBLEMS
                    ? " (and " + (problems.size() - LISTED_PROBLEMS) + " more)" : "";
            throw new WeightsMismatchException("weights do not match " + spec.describe() + ": " + listed + more);
        }
        return this;
    }

    @Override
    public String toString() {
        return "Weights" + tensors.keySet();
    }
}
