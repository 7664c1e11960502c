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

    /** A file only the main resources have: test resources may add a folder of the same name, with test kernels. */
    private static final String ANCHOR = FOLDER + "recurrent.cu";

    /** The folder's path on disk (Maven copies resources to target/classes before the tests run). */
    public static Path folder() {
        URL url = KernelSources.class.getResource(ANCHOR);
        if (url == null || !"file".equals(url.getProtocol())) {
            throw new IllegalStateException("the kernel file " + ANCHOR + " is not a file on the class path: " + url);
        }
        try {
            return Path.of(url.toURI()).getParent();
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
