package org.seqbench.cuda.kernels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The CUDA kernel files as the tests see them: the resource folder on the test class path. */
public final class KernelSources {
    /** The resource folder the device layer compiles kernels from. */
    public static final String FOLDER = "/org/seqbench/cuda/kernels/";

    private KernelSources() {
    }

    /** The folder's path on disk (Maven copies resources to target/classes before the tests run). */
    public static Path folder() {
        URL url = KernelSources.class.getResource(FOLDER);
        if (url == null || !"file".equals(url.getProtocol())) {
            throw new IllegalStateException("the kernel folder " + FOLDER + " is not a directory on the class path: "
                    + url);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the kernel folder's URL " + url + " is not a path", e);
        }
    }

    /** Every {@code .cu} file of the folder, sorted by name. */
    public static List<Path> files() {
        try (Stream<Path> entries = Files.list(folder())) {
            return entries.filter(path -> path.getFileName().toString().endsWith(".cu")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
