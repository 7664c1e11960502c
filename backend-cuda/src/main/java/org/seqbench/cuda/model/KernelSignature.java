package org.seqbench.cuda.model;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Java side's copy of one {@code extern "C" __global__} function's parameter list. A kernel launch packs its
 * arguments by position and the driver cannot check them, so a swapped or missing argument is a wrong answer or a
 * crash on the GPU. Here every argument is given by name and checked against this list when the plan is built,
 * and a test checks these lists against the CUDA sources.
 *
 * @param resource the kernel file under {@code org/seqbench/cuda/kernels/}, e.g. {@code recurrent.cu}
 * @param name the function's C name
 * @param parameters its parameters in order
 */
public record KernelSignature(String resource, String name, List<Parameter> parameters) {

    /** The C types a kernel parameter can have, and the Java value that carries each. */
    public enum Type {
        /** {@code float*} or {@code const float*}: a {@link Buffer}. */
        POINTER(Buffer.class),
        /** {@code int}: an {@link Integer}. */
        INT(Integer.class),
        /** {@code float}: a {@link Float}. */
        FLOAT(Float.class),
        /** {@code long long}: a {@link Long}. */
        LONG(Long.class);

        private final Class<?> carrier;

        Type(Class<?> carrier) {
            this.carrier = carrier;
        }

        public Class<?> carrier() {
            return carrier;
        }
    }

    /** One parameter: its C name and type. */
    public record Parameter(String name, Type type) {
    }

    public KernelSignature {
        parameters = List.copyOf(parameters);
    }

    /** A signature from alternating names and types: {@code of("recurrent.cu", "f", "x", POINTER, "n", INT)}. */
    public static KernelSignature of(String resource, String name, Object... namesAndTypes) {
        if (namesAndTypes.length % 2 != 0) {
            throw new IllegalArgumentException("kernel " + name + ": parameters come as name, type pairs, got "
                    + namesAndTypes.length + " items");
        }
        List<Parameter> parameters = new ArrayList<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            parameters.add(new Parameter((String) namesAndTypes[i], (Type) namesAndTypes[i + 1]));
        }
        return new KernelSignature(resource, name, parameters);
    }

    /** Starts a launch of this kernel; give every argument with {@link Arguments#with} in order. */
    public Arguments arguments() {
        return new Arguments(this);
    }

    @Override
    public String toString() {
        return name + parameters.stream().map(p -> p.type() + " " + p.name()).collect(Collectors.joining(", ", "(", ")"));
    }

    /** The arguments of one launch, each checked against the parameter of the same position. */
    public static final class Arguments {
        private final KernelSignature kernel;
        private final List<Object> values = new ArrayList<>();

        private Arguments(KernelSignature kernel) {
            this.kernel = kernel;
        }

        /** The kernel these arguments are for. */
        public KernelSignature kernel() {
            return kernel;
        }

        /**
         * The next argument.
         *
         * @throws IllegalArgumentException if {@code name} is not the next parameter's or the value has the wrong type
         */
        public Arguments with(String name, Object value) {
            List<Parameter> parameters = kernel.parameters();
            int position = values.size();
            if (position >= parameters.size()) {
                throw new IllegalArgumentException(kernel.name() + " takes " + parameters.size()
                        + " arguments; '" + name + "' would be argument " + (position + 1));
            }
            Parameter expected = parameters.get(position);
            if (!expected.name().equals(name)) {
                throw new IllegalArgumentException(kernel.name() + ": argument " + (position + 1) + " is '"
                        + expected.name() + "', not '" + name + "'");
            }
            if (!expected.type().carrier().isInstance(value)) {
                throw new IllegalArgumentException(kernel.name() + ": argument '" + name + "' is a C " + expected.type()
                        + " carried by a " + expected.type().carrier().getSimpleName() + ", got "
                        + (value == null ? "null" : value.getClass().getSimpleName()));
            }
            values.add(value);
            return this;
        }

        /**
         * The complete argument list.
         *
         * @throws IllegalArgumentException if arguments are missing
         */
        public List<Object> values() {
            if (values.size() != kernel.parameters().size()) {
                throw new IllegalArgumentException(kernel.name() + " takes " + kernel.parameters().size()
                        + " arguments, got " + values.size() + "; the next is '"
                        + kernel.parameters().get(values.size()).name() + "'");
            }
            return List.copyOf(values);
        }
    }
}
