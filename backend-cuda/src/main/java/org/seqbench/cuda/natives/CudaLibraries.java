package org.seqbench.cuda.natives;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.seqbench.spi.BackendException;

/**
 * Where the CUDA libraries this backend loads (NVRTC, cuBLAS) are on this machine. They come with the CUDA toolkit,
 * as Python wheels ({@code site-packages/nvidia/cu13/lib} beside PyTorch) or from a distribution's packages, so
 * the places are searched in this order, and the first that has the file wins:
 * <ol>
 *   <li>the directories named by the system property {@value #PROPERTY}, or else the environment variable
 *       {@value #ENVIRONMENT} (separated by the platform's path separator);</li>
 *   <li>{@code $CUDA_HOME/lib64}, {@code $CUDA_HOME/lib}, then the same under {@code $CUDA_PATH};</li>
 *   <li>the active Python environment's {@code lib/python3*}{@code /site-packages/nvidia/*}{@code /lib}:
 *       {@code $VIRTUAL_ENV}, then {@code $CONDA_PREFIX};</li>
 *   <li>{@code /usr/local/cuda/lib64};</li>
 *   <li>the system loader (LD_LIBRARY_PATH, the ld.so cache).</li>
 * </ol>
 * The driver ({@code libcuda.so.1}) is never searched for: it must be the installed driver's, which only the system
 * loader knows ({@link Driver#load()}).
 */
public final class CudaLibraries {
    /** The system property naming the directories searched first. */
    public static final String PROPERTY = "seqbench.cuda.libraries";
    /** The environment variable naming the directories searched first when the property is not set. */
    public static final String ENVIRONMENT = "SEQBENCH_CUDA_LIBRARIES";
    /** The toolkit's library directory where it is installed in the standard place. */
    public static final Path STANDARD_TOOLKIT = Path.of("/usr/local/cuda/lib64");

    /** NVRTC of CUDA 13, the runtime compiler of the kernels. */
    public static final String NVRTC = "libnvrtc.so.13";
    /** cuBLAS of CUDA 13. */
    public static final String CUBLAS = "libcublas.so.13";

    /**
     * Where one library was found.
     *
     * @param library the file name searched for, e.g. {@code libcublas.so.13}
     * @param path the file found, or empty when the system loader resolves the name itself
     * @param where the place that had it, for people: "CUDA_HOME (/usr/local/cuda-13.0/lib64)"
     */
    public record Located(String library, Optional<Path> path, String where) {
        public Located {
            Objects.requireNonNull(library, "library");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(where, "where");
        }

        /** "libcublas.so.13 from CUDA_HOME (/usr/local/cuda-13.0/lib64)". */
        @Override
        public String toString() {
            return library + " from " + where;
        }
    }

    /**
     * One place searched.
     *
     * @param name how people know it: "CUDA_HOME"
     * @param shown what it stood for in this search: "(/usr/local/cuda/lib64)", "(not set)"
     * @param directories the directories searched there, in order
     */
    private record Place(String name, String shown, List<Path> directories) {
        static Place of(String name, List<Path> directories) {
            return new Place(name, directories.isEmpty() ? "(not set)" : "(" + directories.stream()
                    .map(Path::toString).collect(Collectors.joining(", ")) + ")", directories);
        }

        String describe() {
            return shown.isEmpty() ? name : name + " " + shown;
        }
    }

    private final UnaryOperator<String> properties;
    private final UnaryOperator<String> environment;
    private final Path standardToolkit;
    private final Predicate<String> systemLoader;

    /**
     * @param properties the system properties ({@code System::getProperty})
     * @param environment the environment ({@code System::getenv})
     * @param standardToolkit the directory searched after the Python environment ({@link #STANDARD_TOOLKIT})
     * @param systemLoader whether the system loader can open a library of this file name
     */
    public CudaLibraries(UnaryOperator<String> properties, UnaryOperator<String> environment, Path standardToolkit,
            Predicate<String> systemLoader) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.standardToolkit = Objects.requireNonNull(standardToolkit, "standardToolkit");
        this.systemLoader = Objects.requireNonNull(systemLoader, "systemLoader");
    }

    /** The search of this JVM: its system properties and environment, the system's loader. */
    public static CudaLibraries ofThisMachine() {
        return new CudaLibraries(System::getProperty, System::getenv, STANDARD_TOOLKIT, CudaLibraries::loadable);
    }

    private static boolean loadable(String fileName) {
        try {
            NativeLibrary.openFromSystemLoader(fileName);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Finds {@code library} (a file name such as {@value #CUBLAS}).
     *
     * @throws BackendException "libcublas.so.13 was not found; searched ..." listing every place searched, in order
     */
    public Located locate(String library) {
        List<Place> places = places();
        for (Place place : places) {
            for (Path directory : place.directories()) {
                Path candidate = directory.resolve(library);
                if (Files.isRegularFile(candidate)) {
                    return new Located(library, Optional.of(candidate.toAbsolutePath()),
                            place.shown().isEmpty() ? directory.toString() : place.name() + " (" + directory + ")");
                }
            }
        }
        if (systemLoader.test(library)) {
            return new Located(library, Optional.empty(), "the system loader");
        }
        throw new BackendException(library + " was not found; searched " + places.stream().map(Place::describe)
                .collect(Collectors.joining(", ")) + ", then the system loader (LD_LIBRARY_PATH, the ld.so cache); "
                + "name its directory with -D" + PROPERTY + "=DIR or " + ENVIRONMENT + "=DIR");
    }

    /** The places searched before the system loader, in order. */
    private List<Place> places() {
        List<Place> places = new ArrayList<>();
        String override = properties.apply(PROPERTY);
        if (override != null && !override.isBlank()) {
            places.add(Place.of("-D" + PROPERTY, split(override)));
        } else {
            String fromEnvironment = environment.apply(ENVIRONMENT);
            places.add(fromEnvironment == null || fromEnvironment.isBlank()
                    ? Place.of("-D" + PROPERTY + " / " + ENVIRONMENT, List.of())
                    : Place.of(ENVIRONMENT, split(fromEnvironment)));
        }
        for (String variable : List.of("CUDA_HOME", "CUDA_PATH")) {
            places.add(Place.of(variable, under(environment.apply(variable), "lib64", "lib")));
        }
        for (String variable : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
            String root = environment.apply(variable);
            if (root == null || root.isBlank()) {
                places.add(Place.of(variable, List.of()));
            } else {
                Path wheels = Path.of(root.strip()).resolve("lib/python3*/site-packages/nvidia/*/lib");
                places.add(new Place(variable, "(" + wheels + ")", pythonWheels(Path.of(root.strip()))));
            }
        }
        places.add(new Place(standardToolkit.toString(), "", List.of(standardToolkit)));
        return places;
    }

    private static List<Path> split(String directories) {
        List<Path> paths = new ArrayList<>();
        for (String directory : directories.split(File.pathSeparator)) {
            if (!directory.isBlank()) {
                paths.add(Path.of(directory.strip()));
            }
        }
        return paths;
    }

    private static List<Path> under(String root, String... children) {
        if (root == null || root.isBlank()) {
            return List.of();
        }
        List<Path> paths = new ArrayList<>();
        for (String child : children) {
            paths.add(Path.of(root.strip()).resolve(child));
        }
        return paths;
    }

    /**
     * The NVIDIA wheels' library directories of the Python environment at {@code root}:
     * {@code lib/python3*}{@code /site-packages/nvidia/*}{@code /lib}, in name order, so that every run searches
     * them in the same order.
     */
    private static List<Path> pythonWheels(Path root) {
        List<Path> found = new ArrayList<>();
        for (Path python : children(root.resolve("lib"), "python3*")) {
            for (Path wheel : children(python.resolve("site-packages").resolve("nvidia"), "*")) {
                Path libraries = wheel.resolve("lib");
                if (Files.isDirectory(libraries)) {
                    found.add(libraries);
                }
            }
        }
        return found;
    }

    /** The entries of {@code directory} matching {@code glob}, sorted; none where it cannot be listed. */
    private static List<Path> children(Path directory, String glob) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, glob)) {
            stream.forEach(children::add);
        } catch (IOException e) {
            // A directory this user cannot list holds no library this user could load either.
            return List.of();
        }
        children.sort(null);
        return children;
    }
}
