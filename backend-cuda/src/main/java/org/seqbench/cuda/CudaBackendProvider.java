package org.seqbench.cuda;

import java.util.EnumSet;
import java.util.function.Supplier;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;
import org.seqbench.cuda.model.CudaModels;
import org.seqbench.cuda.model.Variant;
import org.seqbench.cuda.natives.CudaToolkit;
import org.seqbench.spi.AbstractEngineProvider;
import org.seqbench.spi.BackendDescriptor;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.Backends;
import org.seqbench.spi.EngineStart;
import org.seqbench.spi.Precision;
import org.seqbench.spi.RunOptions;

/**
 * NVIDIA GPUs through the CUDA driver API, NVRTC and cuBLAS, bound at run time with the Foreign Function & Memory
 * API. On a machine without the driver, a device or the libraries it is listed as unavailable with the one reason.
 */
public final class CudaBackendProvider extends AbstractEngineProvider<CudaBackendProvider.Engine, Variant> {
    static final BackendDescriptor<Variant> DESCRIPTOR = new BackendDescriptor<>("cuda",
            "CUDA (driver API, NVRTC, cuBLAS via FFM)", "cuda", BackendDescriptor.everyKind(Variant::offeredFor),
            EnumSet.of(Precision.FP32), false);

    /**
     * What the provider keeps of a CUDA it could start.
     *
     * @param toolkit the opened libraries
     * @param device "cuda:0 NVIDIA H200"
     * @param version "CUDA 13.0 driver, cuBLAS 13.0.0, NVRTC 13.0"
     */
    public record Engine(CudaToolkit toolkit, String device, String version) {
    }

    /** The provider {@link java.util.ServiceLoader} creates; it touches no native code until asked to. */
    public CudaBackendProvider() {
        this(() -> start(CudaToolkit::shared));
    }

    /** A provider that starts its engine with {@code starter} (tests use it to play other machines). */
    CudaBackendProvider(Supplier<EngineStart<Engine>> starter) {
        super(DESCRIPTOR, starter);
    }

    /**
     * Opens the toolkit with {@code toolkit} and reads the first device's name and the libraries' versions; a
     * machine that cannot run CUDA gets the toolkit's one-line reason.
     */
    static EngineStart<Engine> start(Supplier<CudaToolkit> toolkit) {
        return EngineStart.attempt(() -> {
            CudaToolkit opened;
            try {
                opened = toolkit.get();
            } catch (BackendException e) {
                return new EngineStart.Failed<>(e.getMessage());
            }
            String device = "cuda:0 " + opened.driver().deviceName(opened.driver().device(0));
            return new EngineStart.Started<>(new Engine(opened, device, version(opened)));
        }, "the CUDA libraries could not be loaded", "CUDA could not start");
    }

    /** The driver's CUDA version and the libraries' releases; a release that cannot be read is "unknown". */
    private static String version(CudaToolkit toolkit) {
        String cublas;
        try {
            cublas = toolkit.cublas().release();
        } catch (BackendException e) {
            cublas = "unknown";
        }
        String nvrtc;
        try {
            nvrtc = toolkit.nvrtc().version().toString();
        } catch (BackendException e) {
            nvrtc = "unknown";
        }
        return "CUDA " + CudaToolkit.release(toolkit.driverVersion()) + " driver, cuBLAS " + cublas + ", NVRTC "
                + nvrtc;
    }

    @Override
    public String engineVersion() {
        return startedEngine().map(Engine::version).orElse("unknown");
    }

    /** "cuda:0 NVIDIA H200" where the driver runs; "cuda" where it does not. */
    @Override
    public String device() {
        return startedEngine().map(Engine::device).orElse(DESCRIPTOR.device());
    }

    /** Opens device 0 for the model, which owns it from then on: closing the model releases it. */
    @Override
    public BackendModel load(ModelSpec spec, Weights weights, RunOptions options) {
        RunOptions resolved = Backends.checkLoadable(this, spec, weights, options);
        Variant variant = descriptor().variant(spec.kind(), resolved.variant());
        return CudaModels.load(spec, weights, resolved.precision(), variant);
    }
}
