package org.seqbench.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kernel file compiles to PTX for the architectures the backend targets, so a syntax or type error in a
 * kernel is caught on a machine without a GPU (the device layer compiles the same sources with NVRTC at run time).
 * The options match NVRTC's at run time: PTX for the virtual architecture, C++17. nvcc is looked for in
 * $CUDA_HOME/bin, /usr/local/cuda-13.0/bin, /usr/local/cuda/bin and on the PATH; without one the compile tests are
 * skipped, saying so.
 */
class KernelSourcesCompileTest {
    private static final List<String> ARCHITECTURES = List.of("sm_80", "sm_90");
    private static final long TIMEOUT_SECONDS = 120;
    private static final Pattern INCLUDE = Pattern.compile("^\\s*#\\s*include\\b", Pattern.MULTILINE);
    private static final Pattern KERNEL = Pattern.compile("extern\\s+\"C\"\\s+__global__");

    static Stream<Arguments> filesAndArchitectures() {
        List<Arguments> cases = new ArrayList<>();
        for (Path file : KernelSources.files()) {
            for (String architecture : ARCHITECTURES) {
                cases.add(Arguments.of(file.getFileName().toString(), architecture));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} for {1}")
    @MethodSource("filesAndArchitectures")
    void kernelFileCompilesToPtx(String name, String architecture, @TempDir Path output)
            throws IOException, InterruptedException {
        Path nvcc = requireNvcc();
        Result result = compile(nvcc, KernelSources.folder().resolve(name), architecture, output);
        assertEquals(0, result.exitCode(), () -> name + " does not compile for " + architecture + ":\n" + result.log());
        Path ptx = output.resolve(name.replace(".cu", ".ptx"));
        assertTrue(Files.size(ptx) > 0, () -> "nvcc wrote no PTX for " + name);
        String text = Files.readString(ptx, StandardCharsets.US_ASCII);
        assertTrue(text.contains(".target " + architecture), () -> "the PTX of " + name + " targets another "
                + "architecture than " + architecture);
    }

    @Test
    void thereAreKernelFilesAndEachDeclaresAKernel() throws IOException {
        List<Path> files = KernelSources.files();
        assertEquals(List.of("common.cu", "recurrent.cu", "transformer.cu"),
                files.stream().map(path -> path.getFileName().toString()).toList());
        for (Path file : files) {
            assertTrue(KERNEL.matcher(Files.readString(file)).find(), () -> file + " has no extern \"C\" __global__");
        }
    }

    /** NVRTC has no CUDA runtime headers; nvcc includes cuda_runtime.h implicitly, so it would not notice one. */
    @Test
    void noKernelFileIncludesAHeader() throws IOException {
        for (Path file : KernelSources.files()) {
            assertFalse(INCLUDE.matcher(Files.readString(file)).find(),
                    () -> file.getFileName() + " has an #include, which NVRTC cannot resolve without the headers");
        }
    }

    /** The test of the test: a kernel with a planted syntax error must fail, with nvcc's message naming the line. */
    @Test
    void aPlantedSyntaxErrorFailsWithNvccsMessage(@TempDir Path directory) throws IOException, InterruptedException {
        Path nvcc = requireNvcc();
        Path broken = directory.resolve("broken.cu");
        String source = Files.readString(KernelSources.folder().resolve("common.cu"));
        int lines = source.split("\n", -1).length;
        Files.writeString(broken, source + "extern \"C\" __global__ void planted(float* y) { y[0] = 1.0f }\n");
        Result result = compile(nvcc, broken, "sm_90", directory);
        assertTrue(result.exitCode() != 0, "nvcc accepted a kernel with a missing semicolon");
        assertTrue(result.log().contains("broken.cu(" + lines + ")"),
                () -> "nvcc's message does not point at line " + lines + ":\n" + result.log());
    }

    private record Result(int exitCode, String log) {
    }

    private static Result compile(Path nvcc, Path source, String architecture, Path outputDirectory)
            throws IOException, InterruptedException {
        Path ptx = outputDirectory.resolve(source.getFileName().toString().replace(".cu", ".ptx"));
        Process process = new ProcessBuilder(nvcc.toString(), "-ptx", "-arch=" + architecture, "-std=c++17",
                source.toString(), "-o", ptx.toString()).redirectErrorStream(true).start();
        byte[] log = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "nvcc did not finish within " + TIMEOUT_SECONDS + " s");
        }
        return new Result(process.exitValue(), new String(log, StandardCharsets.UTF_8));
    }

    private static Path requireNvcc() {
        Optional<Path> nvcc = Nvcc.find();
        assumeTrue(nvcc.isPresent(), "no nvcc found in " + Nvcc.searched() + "; the kernels are compiled only on "
                + "a machine with the CUDA toolkit");
        return nvcc.get();
    }
}
