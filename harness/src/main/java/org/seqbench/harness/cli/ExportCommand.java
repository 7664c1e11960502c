package org.seqbench.harness.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.seqbench.core.Accuracy;
import org.seqbench.core.Inputs;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.ModelSpecJson;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.core.reference.ReferenceModel;
import org.seqbench.core.safetensors.SafeTensors;
import org.seqbench.harness.run.EnvironmentProbe;
import org.seqbench.harness.sweep.BackendSelection;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.results.Numbers;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.PreparedInput;
import org.seqbench.spi.RunOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code seqbench export}: one case as a safetensors file, every weight under its PyTorch name, the input, the
 * output, and the spec in the {@code seqbench.spec} metadata, so that a PyTorch user can {@code load_state_dict}
 * the weights and compare outputs.
 */
@Command(name = "export", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
        showDefaultValues = true,
        defaultValueProvider = OneCaseDefaults.class,
        description = {"Write one case (spec, weights, input, output) as a safetensors file.",
                "Without --backend the output is the float64 reference's, rounded to float32."})
final class ExportCommand implements Callable<Integer> {
    @Option(names = {"--kind", "--model"}, required = true, paramLabel = "KIND", converter = Converters.Kind.class,
            description = "rnn, lstm, gru or transformer.")
    ModelKind kind;

    @Option(names = {"--hidden-size", "--hidden"}, paramLabel = "N", description = "Hidden size; d_model for the "
            + "transformer.")
    int hiddenSize;

    @Option(names = "--layers", paramLabel = "N", description = "Stacked layers.")
    int layers;

    @Mixin
    ModelFlags model;

    @Option(names = {"--ffn-size", "--ffn"}, paramLabel = "N",
            description = "The transformer's feed-forward width itself, instead of --ffn-ratio.")
    Integer ffnSize;

    @Option(names = {"--seq-len", "--seq"}, paramLabel = "T", description = "Sequence length.")
    int seqLen;

    @Option(names = "--batch", paramLabel = "B", description = "Batch size.")
    int batch;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of weights and input.")
    long seed;

    @Option(names = "--backend", paramLabel = "ID", description = "Backend whose output is written.")
    String backend;

    @Option(names = "--variant", paramLabel = "NAME", description = "Backend variant (default: the backend's).")
    String variant;

    @Option(names = "--threads", paramLabel = "N", converter = Converters.ThreadCount.class,
            description = "Engine threads: 0 (the engine's default), a number, or all-cores.")
    int threads;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The safetensors file to write.")
    Path out;

    @ParentCommand
    SeqbenchCommand seqbench;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        model.requireAppliesTo(kind, "--ffn-size");
        ModelSpec modelSpec = model.spec(kind, hiddenSize, layers, ffnSize, "--ffn-size", ModelFlags::flagOf);
        if (seqLen <= 0) {
            throw new UserError(Flags.typed(spec, "--seq-len") + " must be a positive integer, got " + seqLen);
        }
        if (batch <= 0) {
            throw new UserError("--batch must be a positive integer, got " + batch);
        }
        Path directory = out.toAbsolutePath().getParent();
        if (Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is a directory; give a file name such as case.safetensors");
        }
        if (directory == null || !Files.isDirectory(directory)) {
            throw new UserError("cannot write --out " + out + ": directory " + directory + " does not exist");
        }
        if (!Files.isWritable(directory)) {
            throw new UserError("cannot write --out " + out + ": directory " + directory + " is not writable");
        }
        Weights weights = Weights.initialise(modelSpec, seed);
        Tensor input = Inputs.generate(batch, seqLen, modelSpec.inputSize(), seed);
        double[] expected = new ReferenceModel(modelSpec, weights).forward(input);
        int[] outputShape = modelSpec.outputShape(batch, seqLen);

        String producer;
        String usedVariant;
        Tensor output;
        if (backend == null) {
            if (variant != null) {
                throw new UserError("--variant needs --backend");
            }
            producer = "reference";
            usedVariant = "float64";
            float[] rounded = new float[expected.length];
            for (int i = 0; i < expected.length; i++) {
                rounded[i] = (float) expected[i];
            }
            output = new Tensor(outputShape, rounded);
        } else {
            BackendProvider provider = BackendSelection.select(java.util.List.of(backend), seqbench.backends())
                    .getFirst();
            requireOffered(provider, modelSpec.kind(), variant);
            try (BackendModel loaded = provider.load(modelSpec, weights,
                    RunOptions.threads(threads).withVariant(variant));
                    PreparedInput prepared = loaded.prepare(input)) {
                output = loaded.forward(prepared);
                usedVariant = loaded.variant();
            } catch (BackendException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new BackendException(provider.id() + " failed: " + e, e);
            }
            producer = provider.id();
        }
        Accuracy accuracy = Accuracy.compare(output, expected, outputShape);

        Map<String, Tensor> tensors = new LinkedHashMap<>(weights.asMap());
        tensors.put("input", input);
        tensors.put("output", output);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(ModelSpecJson.METADATA_KEY, ModelSpecJson.write(modelSpec));
        metadata.put("seqbench.backend", producer);
        metadata.put("seqbench.variant", usedVariant);
        metadata.put("seqbench.seed", String.valueOf(seed));
        metadata.put("seqbench.max_abs_error", String.valueOf(accuracy.maxAbsoluteError()));
        metadata.put("seqbench.version", EnvironmentProbe.version());
        try {
            SafeTensors.write(out, tensors, metadata);
        } catch (IOException e) {
            throw new UserError("cannot write --out " + out + ": " + IoErrors.describe(e));
        }
        spec.commandLine().getOut().printf("wrote %s: %s, input %s, output %s from %s (%s), max abs error against "
                        + "the float64 reference %s%n", out, modelSpec.describe(), input.shapeText(),
                output.shapeText(), producer, usedVariant, Numbers.error(accuracy.maxAbsoluteError()));
        return 0;
    }

    /**
     * The kind and variant are the user's choice: one the backend does not offer is a mistake in the input (exit 2),
     * caught here before loading, where the backend's own refusal would read as its failure.
     */
    private static void requireOffered(BackendProvider provider, ModelKind kind, String variant) {
        if (!provider.supportedKinds().contains(kind)) {
            throw new UserError("--backend " + provider.id() + " does not support " + kind.id() + "; it supports "
                    + provider.supportedKinds().stream().sorted().map(ModelKind::id)
                            .collect(java.util.stream.Collectors.joining(", ")));
        }
        if (variant != null && !provider.variants(kind).contains(variant)) {
            throw new UserError("--variant " + variant + ": " + provider.id() + " has no such variant for " + kind.id()
                    + "; accepted: " + String.join(", ", provider.variants(kind)));
        }
    }
}
