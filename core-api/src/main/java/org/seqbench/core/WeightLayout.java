package org.seqbench.core;

import static org.seqbench.core.WeightNames.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The parameters a {@link ModelSpec} has: PyTorch state_dict names, shapes, and PyTorch's default initial values,
 * in state_dict order. This is the single definition of the canonical layout; weights, readers and backends all
 * follow it.
 */
public final class WeightLayout {

    /** How PyTorch initialises one parameter by default. */
    public sealed interface Init {
        /** Uniform in [-bound, bound). */
        record Uniform(double bound) implements Init {
        }

        /** Every element equal to {@code value}. */
        record Constant(double value) implements Init {
        }
    }

    /** One parameter: its state_dict name, shape and default initialisation. */
    public record Parameter(String name, List<Integer> shape, Init init) {
        public Parameter {
            shape = List.copyOf(shape);
        }

        public int[] shapeArray() {
            return shape.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private WeightLayout() {
    }

    /** Every parameter of {@code spec}, in PyTorch's state_dict order. */
    public static List<Parameter> of(ModelSpec spec) {
        List<Parameter> parameters = new ArrayList<>();
        if (spec.kind().isRecurrent()) {
            addRecurrent(spec, parameters);
        } else {
            addTransformer(spec, parameters);
        }
        if (spec.hasHead()) {
            addLinear(parameters, HEAD_WEIGHT, HEAD_BIAS, spec.encoderWidth(), spec.outputSize());
        }
        return Collections.unmodifiableList(parameters);
    }

    private static void addRecurrent(ModelSpec spec, List<Parameter> parameters) {
        ModelKind kind = spec.kind();
        int hidden = spec.hiddenSize();
        int rows = kind.gateBlocks() * hidden;
        // nn.RNNBase.reset_parameters: every weight and bias U(-1/sqrt(H), 1/sqrt(H)).
        Init init = new Init.Uniform(1.0 / Math.sqrt(hidden));
        for (int layer = 0; layer < spec.layers(); layer++) {
            for (int direction = 0; direction < spec.directions(); direction++) {
                parameters.add(new Parameter(inputWeight(kind, layer, direction),
                        List.of(rows, spec.layerInputWidth(layer)), init));
                parameters.add(new Parameter(hiddenWeight(kind, layer, direction), List.of(rows, hidden), init));
                parameters.add(new Parameter(inputBias(kind, layer, direction), List.of(rows), init));
                parameters.add(new Parameter(hiddenBias(kind, layer, direction), List.of(rows), init));
            }
        }
    }

    private static void addTransformer(ModelSpec spec, List<Parameter> parameters) {
        int model = spec.hiddenSize();
        addLinear(parameters, EMBEDDING_WEIGHT, EMBEDDING_BIAS, spec.inputSize(), model);
        Init zero = new Init.Constant(0.0);
        Init one = new Init.Constant(1.0);
        for (int layer = 0; layer < spec.layers(); layer++) {
            // nn.MultiheadAttention._reset_parameters: xavier_uniform_ on the [3d, d] in_proj_weight
            // (fan_in d, fan_out 3d), zero in_proj_bias, zero out_proj.bias; out_proj.weight keeps Linear's init.
            parameters.add(new Parameter(encoderLayer(layer, IN_PROJ_WEIGHT), List.of(3 * model, model),
                    new Init.Uniform(Math.sqrt(6.0 / (model + 3.0 * model)))));
            parameters.add(new Parameter(encoderLayer(layer, IN_PROJ_BIAS), List.of(3 * model), zero));
            parameters.add(new Parameter(encoderLayer(layer, OUT_PROJ_WEIGHT), List.of(model, model),
                    linearBound(model)));
            parameters.add(new Parameter(encoderLayer(layer, OUT_PROJ_BIAS), List.of(model), zero));
            addLinear(parameters, encoderLayer(layer, LINEAR1_WEIGHT), encoderLayer(layer, LINEAR1_BIAS), model,
                    spec.ffnSize());
            addLinear(parameters, encoderLayer(layer, LINEAR2_WEIGHT), encoderLayer(layer, LINEAR2_BIAS),
                    spec.ffnSize(), model);
            parameters.add(new Parameter(encoderLayer(layer, NORM1_WEIGHT), List.of(model), one));
            parameters.add(new Parameter(encoderLayer(layer, NORM1_BIAS), List.of(model), zero));
            parameters.add(new Parameter(encoderLayer(layer, NORM2_WEIGHT), List.of(model), one));
            parameters.add(new Parameter(encoderLayer(layer, NORM2_BIAS), List.of(model), zero));
        }
    }

    /** nn.Linear(in, out): weight [out, in] and bias [out], both U(-1/sqrt(in), 1/sqrt(in)). */
    private static void addLinear(List<Parameter> parameters, String weight, String bias, int in, int out) {
        parameters.add(new Parameter(weight, List.of(out, in), linearBound(in)));
        parameters.add(new Parameter(bias, List.of(out), linearBound(in)));
    }

    /** kaiming_uniform_(a=sqrt(5)) on a [out, in] weight reduces to U(-1/sqrt(in), 1/sqrt(in)). */
    private static Init linearBound(int fanIn) {
        return new Init.Uniform(1.0 / Math.sqrt(fanIn));
    }
}
