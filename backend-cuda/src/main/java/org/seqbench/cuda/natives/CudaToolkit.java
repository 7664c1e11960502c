package org.seqbench.cuda.natives;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.seqbench.core.RootCause;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.EngineStart;

/**
 * The three libraries this backend runs on, opened and checked once per JVM: the driver (initialised, new enough,
 * with at least one device), NVRTC and cuBLAS.
 *
 * @param driver the driver API, initialised
 * @param driverVersion the CUDA version the driver supports, 1000 * major + 10 * minor
 * @param nvrtc the runtime compiler
 * @param cublas cuBLAS
 */
public record CudaToolkit(Driver driver, int driverVersion, Nvrtc nvrtc, Cublas cublas) {
    /** CUDA 13.0: the API these bindings are written against (cuda.h 13.0's {@code _v2} symbols among them). */
    public static final int REQUIRED_DRIVER_VERSION = 13000;

    public CudaToolkit {
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(nvrtc, "nvrtc");
        Objects.requireNonNull(cublas, "cublas");
    }

    private static final class Shared {
        /** The toolkit, or the one-line reason it could not be opened; never retried (see {@link CudaToolkit#shared}). */
        static final EngineStart<CudaToolkit> OUTCOME = open();

        private static EngineStart<CudaToolkit> open() {
            try {
                return new EngineStart.Started<>(load(CudaLibraries.ofThisMachine()));
            } catch (BackendException e) {
                return new EngineStart.Failed<>(oneLine(e.getMessage()));
            } catch (RuntimeException e) {
                return new EngineStart.Failed<>(oneLine("the CUDA libraries could not be opened ("
                        + RootCause.describe(e) + ")"));
            }
        }
    }

    /**
     * This JVM's toolkit, opened on the first call. Libraries do not appear while a JVM runs, so a failure is
     * remembered and repeated.
     *
     * @throws BackendException with the one-line reason the toolkit cannot be used here
     */
    public static CudaToolkit shared() {
        return switch (Shared.OUTCOME) {
            case EngineStart.Started<CudaToolkit>(CudaToolkit toolkit) -> toolkit;
            case EngineStart.Failed<CudaToolkit>(String reason) -> throw new BackendException(reason);
        };
    }

    /**
     * Opens the driver (through the system loader), initialises it and checks it, then finds and opens NVRTC and
     * cuBLAS with {@code libraries}; the first failure is the reason, in one line.
     *
     * @throws BackendException e.g. "no NVIDIA driver (libcuda.so.1 not found by the system loader)"
     */
    public static CudaToolkit load(CudaLibraries libraries) {
        return load(Driver::load, libraries, Nvrtc::load, Cublas::load);
    }

    /** {@link #load(CudaLibraries)} with the ways to open each library given (tests give stand-ins). */
    static CudaToolkit load(Supplier<Driver> openDriver, CudaLibraries libraries,
            Function<CudaLibraries.Located, Nvrtc> openNvrtc, Function<CudaLibraries.Located, Cublas> openCublas) {
        Driver driver = openDriver.get();
        try {
            driver.init();
        } catch (CudaException e) {
            throw new BackendException("the NVIDIA driver did not initialise: " + e.getMessage(), e);
        }
        int version = driver.driverVersion();
        if (version < REQUIRED_DRIVER_VERSION) {
            throw new BackendException(tooOld(version));
        }
        int devices = driver.deviceCount();
        if (devices < 1) {
            throw new BackendException("no CUDA device (the NVIDIA driver, CUDA " + release(version)
                    + ", found none)");
        }
        Nvrtc nvrtc = open("NVRTC", () -> openNvrtc.apply(libraries.locate(CudaLibraries.NVRTC)));
        Cublas cublas = open("cuBLAS", () -> openCublas.apply(libraries.locate(CudaLibraries.CUBLAS)));
        return new CudaToolkit(driver, version, nvrtc, cublas);
    }

    /** Where NVRTC and cuBLAS were found, in that order (the driver is always the system loader's). */
    public List<CudaLibraries.Located> libraries() {
        return List.of(nvrtc.located(), cublas.located());
    }

    /** Why a driver supporting only CUDA {@code version} cannot run this backend. */
    static String tooOld(int version) {
        return "the NVIDIA driver supports CUDA " + release(version) + ", and this backend needs CUDA "
                + release(REQUIRED_DRIVER_VERSION) + " or newer (an R580 or newer driver)";
    }

    /** {@code reason} on one line, as availability is listed. */
    static String oneLine(String reason) {
        return reason.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** "13.0" for 13000, "12.4" for 12040. */
    public static String release(int version) {
        return version / 1000 + "." + version % 1000 / 10;
    }

    private static <T> T open(String what, Supplier<T> opener) {
        try {
            return opener.get();
        } catch (BackendException e) {
            throw new BackendException(what + " is missing: " + e.getMessage(), e);
        }
    }
}
