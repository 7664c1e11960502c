package org.seqbench.cuda.model;

import java.util.List;

/**
 * One kernel launch of a plan: a 1-D grid of {@code grid} blocks of {@code block} threads.
 *
 * @param arguments the values in parameter order, each a {@link Buffer}, Integer, Float or Long as the
 *     signature says (see {@link KernelSignature.Arguments})
 */
public record Launch(KernelSignature kernel, int grid, int block, List<Object> arguments) implements Step {
    /** The most threads a CUDA block may have. */
    public static final int MAX_BLOCK = 1024;

    public Launch {
        if (block < 1 || block > MAX_BLOCK) {
            throw new IllegalArgumentException(kernel.name() + ": a block has 1 to " + MAX_BLOCK + " threads, got "
                    + block);
        }
        if (grid < 1) {
            throw new IllegalArgumentException(kernel.name() + ": a grid needs at least one block, got " + grid);
        }
        arguments = List.copyOf(arguments);
        List<KernelSignature.Parameter> parameters = kernel.parameters();
        if (arguments.size() != parameters.size()) {
            throw new IllegalArgumentException(kernel + " takes " + parameters.size() + " arguments, got "
                    + arguments.size());
        }
        for (int i = 0; i < parameters.size(); i++) {
            KernelSignature.Parameter parameter = parameters.get(i);
            if (!parameter.type().carrier().isInstance(arguments.get(i))) {
                throw new IllegalArgumentException(kernel.name() + ": argument '" + parameter.name() + "' must be a "
                        + parameter.type().carrier().getSimpleName() + ", got " + arguments.get(i).getClass().getSimpleName());
            }
        }
    }

    /** A launch of {@code arguments}' kernel. */
    public static Launch of(KernelSignature.Arguments arguments, int grid, int block) {
        return new Launch(arguments.kernel(), grid, block, arguments.values());
    }

    @Override
    public List<Buffer> buffers() {
        return arguments.stream().filter(Buffer.class::isInstance).map(Buffer.class::cast).toList();
    }
}
