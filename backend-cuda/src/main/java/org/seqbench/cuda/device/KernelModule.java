package org.seqbench.cuda.device;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;
import org.seqbench.cuda.natives.CudaException;
import org.seqbench.cuda.natives.Driver;
import org.seqbench.spi.BackendException;

/** The kernels of one CUDA C resource, compiled and loaded into a {@link Gpu}'s context; unloaded when it closes. */
public final class KernelModule {
    private final Gpu gpu;
    private final String resource;
    private final MemorySegment module;
    private final Map<String, Kernel> functions = new HashMap<>();

    KernelModule(Gpu gpu, String resource, MemorySegment module) {
        this.gpu = gpu;
        this.resource = resource;
        this.module = module;
    }

    /**
     * The kernel declared {@code extern "C" __global__} under {@code name} in the resource.
     *
     * @throws BackendException naming the resource when it has no such kernel
     */
    public Kernel function(String name) {
        gpu.makeCurrent();
        Kernel kernel = functions.get(name);
        if (kernel == null) {
            MemorySegment function;
            try {
                function = gpu.driver().moduleGetFunction(module, name);
            } catch (CudaException e) {
                if (e.status() == Driver.ERROR_NOT_FOUND) {
                    throw new BackendException(resource + " has no kernel named '" + name
                            + "' (kernels are looked up by their extern \"C\" names)", e);
                }
                throw e;
            }
            kernel = new Kernel(gpu, resource + ":" + name, function);
            functions.put(name, kernel);
        }
        return kernel;
    }

    /** The resource the kernels were compiled from, e.g. "recurrent.cu". */
    public String resource() {
        return resource;
    }

    MemorySegment handle() {
        return module;
    }
}
