package org.seqbench.cuda.kernels;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where the tests look for nvcc: $CUDA_HOME/bin, /usr/local/cuda-13.0/bin, /usr/local/cuda/bin, then the PATH. */
public final class Nvcc {
    private Nvcc() {
    }

    public static Optional<Path> find() {
        return candidates().stream().filter(Files::isExecutable).findFirst();
    }

    public static String searched() {
        return candidates().toString();
    }

    private static List<Path> candidates() {
        List<Path> candidates = new ArrayList<>();
        String cudaHome = System.getenv("CUDA_HOME");
        if (cudaHome != null && !cudaHome.isBlank()) {
            candidates.add(Path.of(cudaHome, "bin", "nvcc"));
        }
        candidates.add(Path.of("/usr/local/cuda-13.0/bin/nvcc"));
        candidates.add(Path.of("/usr/local/cuda/bin/nvcc"));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String directory : path.split(File.pathSeparator)) {
                if (!directory.isBlank()) {
                    candidates.add(Path.of(directory, "nvcc"));
                }
            }
        }
        return candidates;
    }
}
