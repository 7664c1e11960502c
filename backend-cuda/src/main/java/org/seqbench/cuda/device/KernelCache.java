package org.seqbench.cuda.device;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.seqbench.core.AtomicFiles;
import org.seqbench.cuda.natives.Nvrtc;

/**
 * The PTX of the kernel sources, compiled by NVRTC for one architecture and kept: in memory for the JVM, and on
 * disk in {@code <directory>/<sha>-<arch>.ptx} across runs, where {@code sha} is the SHA-256 of the source and the
 * compiler options together (a change of either compiles afresh). The device code (cubin) a driver older than
 * NVRTC needs instead is kept the same way, as {@code <sha>-<arch>.cubin}. The directory is the system property
 * {@value #PROPERTY}, or {@code ~/.cache/seqbench/cuda}.
 */
public final class KernelCache {
    /** The system property naming the on-disk cache directory. */
    public static final String PROPERTY = "seqbench.cuda.cache";
    /** Where kernel sources are on the class path. */
    public static final String RESOURCES = "org/seqbench/cuda/kernels/";

    private static final Pattern ARCH = Pattern.compile("sm_(\\d+)([a-z]?)");

    /** Compiles CUDA C to PTX: NVRTC, or a stand-in in tests. */
    @FunctionalInterface
    public interface Compiler {
        /**
         * @param source the CUDA C text
         * @param name the file name compiler messages use
         * @param options the compiler options ({@link #options(String)})
         * @return the PTX text
         */
        String compile(String source, String name, List<String> options);
    }

    /** Compiles CUDA C to a real architecture's device code (cubin): NVRTC, or a stand-in in tests. */
    @FunctionalInterface
    public interface BinaryCompiler {
        /** As {@link Compiler#compile}, returning the cubin's bytes. */
        byte[] compile(String source, String name, List<String> options);
    }

    private static volatile KernelCache shared;

    private final Compiler compiler;
    private final BinaryCompiler binaryCompiler;
    private final Path directory;
    private final ConcurrentMap<String, String> compiled = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, byte[]> binaries = new ConcurrentHashMap<>();

    /**
     * @param compiler what compiles a source to PTX when neither cache has it
     * @param binaryCompiler what compiles a source to a cubin when neither cache has it
     * @param directory the on-disk cache; created when first written
     */
    public KernelCache(Compiler compiler, BinaryCompiler binaryCompiler, Path directory) {
        this.compiler = Objects.requireNonNull(compiler, "compiler");
        this.binaryCompiler = Objects.requireNonNull(binaryCompiler, "binaryCompiler");
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /**
     * A cache that compiles PTX only, for a driver at least as new as the compiler (a stand-in GPU in tests):
     * asking it for a cubin fails, naming the kernel.
     */
    public KernelCache(Compiler compiler, Path directory) {
        this(compiler, (source, name, options) -> {
            throw new UnsupportedOperationException("this kernel cache compiles PTX only, so it has no cubin of "
                    + name + " for " + String.join(" ", options));
        }, directory);
    }

    /** This JVM's cache, compiling with {@code nvrtc} into {@link #defaultDirectory()}. */
    static KernelCache shared(Nvrtc nvrtc) {
        KernelCache cache = shared;
        if (cache == null) {
            synchronized (KernelCache.class) {
                if (shared == null) {
                    shared = new KernelCache(nvrtc::compileToPtx, nvrtc::compileToCubin, defaultDirectory());
                }
                cache = shared;
            }
        }
        return cache;
    }

    /** {@value #PROPERTY} if set, else {@code ~/.cache/seqbench/cuda}. */
    public static Path defaultDirectory() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.strip());
        }
        return Path.of(System.getProperty("user.home"), ".cache", "seqbench", "cuda");
    }

    /**
     * NVRTC's options for {@code arch}: PTX for its virtual architecture ({@code sm_90} compiles for
     * {@code compute_90}), which the driver turns into the device's code when it loads the module; C++17.
     *
     * @throws IllegalArgumentException for an architecture not of the form {@code sm_XY}
     */
    public static List<String> options(String arch) {
        Matcher matcher = ARCH.matcher(arch == null ? "" : arch);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("architecture '" + arch + "' is not of the form sm_XY (sm_80, sm_90)");
        }
        return List.of("--gpu-architecture=compute_" + matcher.group(1) + matcher.group(2), "--std=c++17");
    }

    /**
     * NVRTC's options for the cubin of {@code arch}: its real architecture ({@code sm_90}), C++17.
     *
     * @throws IllegalArgumentException for an architecture not of the form {@code sm_XY}
     */
    public static List<String> binaryOptions(String arch) {
        options(arch);
        return List.of("--gpu-architecture=" + arch, "--std=c++17");
    }

    /**
     * The cubin of the kernel resource {@code resource} for {@code arch}, kept as {@code <sha>-<arch>.cubin}: the
     * device code itself, for a driver older than the NVRTC whose PTX it cannot compile.
     *
     * @throws IllegalArgumentException when there is no such resource
     * @throws org.seqbench.cuda.natives.CudaException with the compiler's log when it does not compile
     */
    public byte[] cubin(String resource, String arch) {
        String source = source(resource);
        List<String> options = binaryOptions(arch);
        String key = key(source, options) + "-" + arch;
        return binaries.computeIfAbsent(key, _ -> {
            Path file = directory.resolve(key + ".cubin");
            if (Files.isRegularFile(file)) {
                try {
                    byte[] kept = Files.readAllBytes(file);
                    if (kept.length > 0) {
                        return kept;
                    }
                } catch (IOException e) {
                    // An unreadable cache entry is compiled again and rewritten below.
                }
            }
            byte[] cubin = binaryCompiler.compile(source, resource, options);
            try {
                Files.createDirectories(directory);
                AtomicFiles.write(file, out -> out.write(cubin));
            } catch (IOException e) {
                // The disk cache only saves compile time: a read-only home must not stop a GPU run.
            }
            return cubin;
        }).clone();
    }

    /**
     * The PTX of the kernel resource {@code resource} (under {@value #RESOURCES} on the class path) for
     * {@code arch}.
     *
     * @throws IllegalArgumentException when there is no such resource
     * @throws org.seqbench.cuda.natives.CudaException with the compiler's log when it does not compile
     */
    public String ptx(String resource, String arch) {
        return ptxOf(resource, source(resource), arch);
    }

    /** The PTX of {@code source}, named {@code name} in compiler messages, for {@code arch}. */
    public String ptxOf(String name, String source, String arch) {
        List<String> options = options(arch);
        String key = key(source, options) + "-" + arch;
        return compiled.computeIfAbsent(key, _ -> fromDiskOrCompiled(key, name, source, options));
    }

    /** Where the PTX of {@code source} for {@code arch} is kept on disk. */
    public Path file(String source, String arch) {
        return directory.resolve(key(source, options(arch)) + "-" + arch + ".ptx");
    }

    private String fromDiskOrCompiled(String key, String name, String source, List<String> options) {
        Path file = directory.resolve(key + ".ptx");
        if (Files.isRegularFile(file)) {
            try {
                String kept = Files.readString(file, StandardCharsets.UTF_8);
                if (!kept.isBlank()) {
                    return kept;
                }
            } catch (IOException e) {
                // An unreadable cache entry is compiled again and rewritten below.
            }
        }
        String ptx = compiler.compile(source, name, options);
        try {
            Files.createDirectories(directory);
            AtomicFiles.writeString(file, ptx);
        } catch (IOException e) {
            // The disk cache only saves compile time: a read-only home must not stop a GPU run.
        }
        return ptx;
    }

    /** The hex SHA-256 of the source and the options, which together decide the PTX. */
    static String key(String source, List<String> options) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(source.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(String.join(" ", options).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * The text of a kernel resource.
     *
     * @throws IllegalArgumentException naming the resource path when it is not on the class path
     */
    static String source(String resource) {
        if (resource == null || resource.isBlank() || resource.startsWith("/") || resource.contains("..")) {
            throw new IllegalArgumentException("kernel resource '" + resource + "' must be a file name under "
                    + RESOURCES + ", such as recurrent.cu");
        }
        String path = RESOURCES + resource;
        try (InputStream in = KernelCache.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no kernel source " + path + " on the class path (kernel sources "
                        + "are backend-cuda's src/main/resources/" + RESOURCES + "*.cu)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("could not read the kernel source " + path + ": " + e.getMessage(), e);
        }
    }
}
