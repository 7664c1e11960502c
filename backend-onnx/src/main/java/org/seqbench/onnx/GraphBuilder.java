package org.seqbench.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.seqbench.core.Tensor;

/**
 * Assembles an ONNX graph with the typed protobuf builders, so that the family builders speak in operators and
 * tensors instead of protobuf fields. Every intermediate value gets a fresh name; weights become float32
 * initializers stored as little-endian raw bytes, as the ONNX format prescribes.
 */
final class GraphBuilder {
    /** The standard operator set every graph imports; LayerNormalization needs 17. */
    static final int ONNX_OPSET = 17;
    /** ONNX IR version 8 is the one that introduced opset 17. */
    private static final long IR_VERSION = 8;
    /** Domain of ONNX Runtime's contrib operators. */
    static final String MICROSOFT_DOMAIN = "com.microsoft";

    /** One operator attribute. */
    record Attribute(AttributeProto proto) {
        static Attribute integer(String name, long value) {
            return new Attribute(AttributeProto.newBuilder().setName(name)
                    .setType(AttributeProto.AttributeType.INT).setI(value).build());
        }

        static Attribute real(String name, float value) {
            return new Attribute(AttributeProto.newBuilder().setName(name)
                    .setType(AttributeProto.AttributeType.FLOAT).setF(value).build());
        }

        static Attribute text(String name, String value) {
            return new Attribute(AttributeProto.newBuilder().setName(name)
                    .setType(AttributeProto.AttributeType.STRING).setS(utf8(value)).build());
        }

        static Attribute integers(String name, long... values) {
            AttributeProto.Builder builder = AttributeProto.newBuilder().setName(name)
                    .setType(AttributeProto.AttributeType.INTS);
            for (long value : values) {
                builder.addInts(value);
            }
            return new Attribute(builder.build());
        }

        static Attribute texts(String name, List<String> values) {
            AttributeProto.Builder builder = AttributeProto.newBuilder().setName(name)
                    .setType(AttributeProto.AttributeType.STRINGS);
            values.forEach(value -> builder.addStrings(utf8(value)));
            return new Attribute(builder.build());
        }
    }

    /**
     * A graph input or output dimension: a fixed size, or a symbolic one such as {@code batch} that one session
     * accepts at any size.
     */
    sealed interface Dimension {
        record Fixed(long size) implements Dimension {
        }

        record Symbolic(String name) implements Dimension {
        }

        static Dimension of(long size) {
            return new Fixed(size);
        }

        static Dimension named(String name) {
            return new Symbolic(name);
        }
    }

    private final String graphName;
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Map<String, Integer> opsets = new LinkedHashMap<>();
    private int nextId;

    GraphBuilder(String graphName) {
        this.graphName = graphName;
        graph.setName(graphName);
        opsets.put("", ONNX_OPSET);
    }

    /** Imports an operator domain besides the standard one, e.g. {@link #MICROSOFT_DOMAIN} version 1. */
    void importDomain(String domain, int version) {
        opsets.put(domain, version);
    }

    /** Declares a float32 graph input. */
    String input(String name, Dimension... shape) {
        graph.addInput(valueInfo(name, shape));
        return name;
    }

    /** Declares the node output {@code value} as the float32 graph output (the graph has one). */
    void output(String value, Dimension... shape) {
        graph.addOutput(valueInfo(value, shape));
    }

    /** A float32 constant tensor (a weight) of shape {@code dims} in row-major order. */
    String floats(String hint, float[] values, long... dims) {
        String name = fresh(hint);
        ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(values.length, Float.BYTES))
                .order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        graph.addInitializer(tensor(name, TensorProto.DataType.FLOAT, dims).setRawData(ByteString.copyFrom(bytes)));
        return name;
    }

    /** A weight as a float32 constant of its own shape. */
    String floats(String hint, Tensor weight) {
        return floats(hint, weight.data(), Arrays.stream(weight.shape()).asLongStream().toArray());
    }

    /** A float32 scalar constant. */
    String scalar(String hint, float value) {
        return floats(hint, new float[] {value});
    }

    /** An int64 constant vector (shapes, split sizes). */
    String longs(String hint, long... values) {
        String name = fresh(hint);
        TensorProto.Builder tensor = tensor(name, TensorProto.DataType.INT64, values.length);
        for (long value : values) {
            tensor.addInt64Data(value);
        }
        graph.addInitializer(tensor);
        return name;
    }

    /** An int64 scalar constant (a Gather index). */
    String longScalar(String hint, long value) {
        String name = fresh(hint);
        graph.addInitializer(tensor(name, TensorProto.DataType.INT64).addInt64Data(value));
        return name;
    }

    /** Adds a standard operator with one output and returns that output's name. */
    String node(String operator, List<String> inputs, Attribute... attributes) {
        return nodeIn("", operator, inputs, 1, attributes).getFirst();
    }

    /**
     * Adds an operator of {@code domain} ("" for the standard one) with {@code outputs} outputs and returns their
     * names. An empty input name leaves an optional input out.
     */
    List<String> nodeIn(String domain, String operator, List<String> inputs, int outputs, Attribute... attributes) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(operator).setName(fresh(operator)).setDomain(domain)
                .addAllInput(inputs);
        List<String> names = new ArrayList<>(outputs);
        for (int i = 0; i < outputs; i++) {
            String name = fresh(operator.toLowerCase(Locale.ROOT));
            node.addOutput(name);
            names.add(name);
        }
        for (Attribute attribute : attributes) {
            node.addAttribute(attribute.proto());
        }
        graph.addNode(node);
        return names;
    }

    /** The finished model. */
    ModelProto build() {
        ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("seqbench")
                .setDomain("org.seqbench").setGraph(graph);
        opsets.forEach((domain, version) -> model.addOpsetImport(
                OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(version)));
        return model.build();
    }

    private String fresh(String hint) {
        return graphName + "/" + hint + "_" + nextId++;
    }

    private static TensorProto.Builder tensor(String name, TensorProto.DataType type, long... dims) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        return tensor;
    }

    private static ValueInfoProto valueInfo(String name, Dimension... shape) {
        TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
        for (Dimension dimension : shape) {
            dims.addDim(switch (dimension) {
                case Dimension.Fixed(long size) -> TensorShapeProto.Dimension.newBuilder().setDimValue(size);
                case Dimension.Symbolic(String symbol) -> TensorShapeProto.Dimension.newBuilder().setDimParam(symbol);
            });
        }
        TypeProto.Tensor tensorType = TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(dims).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensorType))
                .build();
    }

    private static ByteString utf8(String text) {
        return ByteString.copyFrom(text, StandardCharsets.UTF_8);
    }
}
