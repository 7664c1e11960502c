package org.seqbench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.seqbench.harness.cli.SeqbenchCommand;

/**
 * PyTorch itself is the contract: exported cases are loaded with the README's own Python recipe (taken from
 * README.md, so the README cannot drift) into {@code nn.LSTM}, {@code nn.TransformerEncoder} and friends with a
 * strict {@code load_state_dict}, and PyTorch's output must match the exported one (seqbench's float64 reference
 * or a backend's) to float32 rounding. Runs where a Python with PyTorch is installed (Debian: python3-torch);
 * elsewhere it is skipped with that reason.
 */
class PyTorchCrossCheckTest {
    private static final Pattern DIFFERENCE = Pattern.compile("max abs difference: (\\S+)");

    @TempDir
    static Path work;

    private static Optional<String> python;
    private static Path recipe;
    private static Path pythonPath;

    @BeforeAll
    static void findPyTorch() throws IOException, InterruptedException {
        python = findPythonWithTorch();
        if (python.isEmpty()) {
            return;
        }
        String readme = Files.readString(RepositoryRoot.path().resolve("README.md"));
        Matcher block = Pattern.compile("```python\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "README.md has no python block");
        String code = block.group(1).replace("path = \"case.safetensors\"", "import sys\npath = sys.argv[1]");
        assertTrue(code.contains("path = sys.argv[1]"), "the README's recipe no longer reads case.safetensors");
        recipe = Files.writeString(work.resolve("recipe.py"), code);
        pythonPath = work.resolve("site");
        if (run(List.of(python.get(), "-c", "import safetensors"), null) != 0) {
            Path stub = Files.createDirectories(pythonPath.resolve("safetensors"));
            for (String file : List.of("__init__.py", "torch.py")) {
                try (InputStream source = PyTorchCrossCheckTest.class.getResourceAsStream(
                        "/pytorch/safetensors/" + file)) {
                    Files.copy(source, stub.resolve(file));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--model lstm --layers 2 --bidirectional --hidden 32 --input-size 16 --output 4 --seq 20 --batch 3 --seed 7",
        "--model gru --layers 2 --hidden 24 --input-size 8 --output 0 --seq 33 --batch 2 --seed 3",
        "--model gru --bidirectional --hidden 20 --input-size 6 --output 2 --seq 40 --batch 2 --seed 5 --backend onnx",
        "--model rnn --layers 3 --bidirectional --hidden 16 --input-size 5 --output 3 --seq 50 --batch 4 --seed 11",
        "--model transformer --layers 2 --hidden 32 --heads 4 --ffn 64 --input-size 16 --output 4 --seq 20 --batch 3"
                + " --seed 7 --backend onnx",
        "--model transformer --layers 2 --hidden 64 --heads 8 --ffn 128 --input-size 10 --output 0 --seq 300"
                + " --batch 2 --seed 9"
    })
    void pytorchComputesTheExportedOutput(String exportArguments) throws IOException, InterruptedException {
        assumeTrue(python.isPresent(), "no python3 with PyTorch here (Debian: apt-get install python3-torch)");
        Path file = Files.createTempFile(work, "case", ".safetensors");
        List<String> arguments = new ArrayList<>(List.of("export"));
        arguments.addAll(List.of(exportArguments.split(" ")));
        arguments.addAll(List.of("--out", file.toString()));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, SeqbenchCommand.execute(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err),
                arguments.toArray(String[]::new)), err::toString);

        Path output = Files.createTempFile(work, "pytorch", ".txt");
        int status = run(List.of(python.get(), recipe.toString(), file.toString()), output);
        String printed = Files.readString(output);
        assertEquals(0, status, printed);
        Matcher difference = DIFFERENCE.matcher(printed);
        assertTrue(difference.find(), printed);
        // float32 PyTorch against float64 seqbench: rounding only; a semantic slip is orders of magnitude larger.
        assertTrue(Double.parseDouble(difference.group(1)) < 1e-5, exportArguments + ": " + printed);
    }

    private static Optional<String> findPythonWithTorch() throws IOException, InterruptedException {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                if (run(List.of(candidate, "-c", "import torch, numpy"), null) == 0) {
                    return Optional.of(candidate);
                }
            } catch (IOException e) {
                // not installed under that name
            }
        }
        return Optional.empty();
    }

    private static int run(List<String> command, Path output) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (pythonPath != null && Files.isDirectory(pythonPath)) {
            builder.environment().put("PYTHONPATH", pythonPath.toString());
        }
        builder.redirectOutput(output == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(output.toFile()));
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 5 minutes");
        }
        return process.exitValue();
    }
}
