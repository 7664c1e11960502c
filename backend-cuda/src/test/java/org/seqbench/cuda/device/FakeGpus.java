package org.seqbench.cuda.device;

import java.nio.file.Path;
import org.seqbench.cuda.natives.FakeGpu;

/** Opens a {@link Gpu} over a {@link FakeGpu}, for the tests of the packages above this one. */
public final class FakeGpus {
    private FakeGpus() {
    }

    /** Device 0 of {@code fake}, with a kernel cache in {@code cache} whose compiler returns a placeholder PTX. */
    public static Gpu open(FakeGpu fake, Path cache) {
        return Gpu.open(fake.toolkit(), 0, new KernelCache((source, name, options) -> "// PTX of " + name, cache));
    }
}
