package org.seqbench.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.seqbench.core.Accuracy;
import org.seqbench.core.InvalidSpecException;
import org.seqbench.core.Inputs;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.ModelSpecJson;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.core.WeightsMismatchException;
import org.seqbench.core.reference.ReferenceModel;
import org.seqbench.core.safetensors.SafeTensors;
import org.seqbench.core.safetensors.SafeTensorsFile;
import org.seqbench.harness.sweep.BackendSelection;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.results.Numbers;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.Backends;
import org.seqbench.spi.PreparedInput;
import org.seqbench.spi.RunOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code seqbench verify}: the accuracy matrix, every backend and variant against the float64 reference, on
 * seqbench's canonical weights or on weights a user brings ({@code --weights}, e.g. a trained PyTorch model saved
 * with safetensors).
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check every backend (and variant) against the float64 reference.",
                "Exit status: 0 all within tolerance, 1 a backend differs or fails, 2 bad input."})
final class VerifyCommand implements Callable<Integer> {
    private static final List<String> SIZE_FLAGS = List.of("--model", "--input-size", "--hidden", "--layers",
            "--bidirectional", "--heads", "--ffn", "--output");

    @Option(names = "--backends", paramLabel = "IDS", converter = Converters.Names.Converter.class,
            description = "Backend ids, comma-separated (default: every discovered backend).")
    Converters.Names backends;

    @Option(names = "--models", paramLabel = "KINDS", converter = Converters.ModelKinds.Converter.class,
            description = "Kinds to check with canonical weights (default: all four).")
    Converters.ModelKinds models;

    @Option(names = "--weights", paramLabel = "FILE",
            description = "A safetensors file of PyTorch state_dict weights; the spec comes from its seqbench.spec "
                    + "metadata, or from --model and the size flags.")
    Path weightsFile;

    @Option(names = "--model", paramLabel = "KIND", converter = ExportCommand.ModelKindConverter.class,
            description = "The kind of the --weights file when it carries no seqbench.spec.")
    ModelKind model;

    @Mixin
    ModelOptions sizes;

    @Option(names = "--tolerance", paramLabel = "X", defaultValue = "1e-4",
            description = "Largest absolute error accepted (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Engine threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** One model, its weights and input, and optionally an output someone else computed. */
    private record Case(ModelSpec spec, Weights weights, Tensor input, Tensor givenOutput, String source) {
    }

    @Override
    public Integer call() throws IOException {
        if (!(tolerance > 0)) {
            throw new UserError("--tolerance must be a positive number, got " + tolerance);
        }
        if (threads < 0) {
            throw new UserError("--threads must be 0 (engine default) or positive, got " + threads);
        }
        sizes.requireInputShape();
        List<BackendProvider> providers = BackendSelection.select(
                backends == null ? List.of() : backends.values(), Backends.discover());
        List<Case> cases = weightsFile != null ? List.of(caseFromFile()) : canonicalCases();

        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"backend", "variant", "model", "max abs err", "max rel err", "result"});
        int failures = 0;
        for (Case check : cases) {
            double[] expected = new ReferenceModel(check.spec(), check.weights()).forward(check.input());
            int[] shape = check.spec().outputShape(check.input().dimension(0), check.input().dimension(1));
            if (check.givenOutput() != null) {
                Accuracy accuracy = Accuracy.compare(check.givenOutput(), expected, shape);
                failures += row(rows, check.source(), "output in file", check.spec(), accuracy);
            }
            for (BackendProvider provider : providers) {
                failures += verify(provider, check, expected, shape, rows);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Case check : cases) {
            out.println(check.spec().describe() + ", input " + check.input().shapeText() + " (" + check.source() + ")");
        }
        Tables.print(out, rows);
        out.println(failures == 0 ? "all within " + tolerance + " of the float64 reference"
                : failures + " check(s) outside " + tolerance + " of the float64 reference or failed");
        return failures == 0 ? 0 : SeqbenchCommand.FAILURE;
    }

    private int verify(BackendProvider provider, Case check, double[] expected, int[] shape, List<String[]> rows) {
        ModelKind kind = check.spec().kind();
        if (!provider.availability().available()) {
            rows.add(new String[] {provider.id(), "-", kind.id(), "", "", "skipped: unavailable: "
                    + provider.availability().reason()});
            return 0;
        }
        if (!provider.supportedKinds().contains(kind)) {
            rows.add(new String[] {provider.id(), "-", kind.id(), "", "", "skipped: " + kind.id() + " not supported"});
            return 0;
        }
        int failures = 0;
        for (String variant : provider.variants(kind)) {
            try (BackendModel loaded = provider.load(check.spec(), check.weights(),
                    RunOptions.threads(threads).withVariant(variant));
                    PreparedInput prepared = loaded.prepare(check.input())) {
                failures += row(rows, provider.id(), variant, check.spec(),
                        Accuracy.compare(loaded.forward(prepared), expected, shape));
            } catch (BackendException e) {
                rows.add(new String[] {provider.id(), variant, kind.id(), "", "", "FAILED: " + e.getMessage()});
                failures++;
            }
        }
        return failures;
    }

    private int row(List<String[]> rows, String source, String variant, ModelSpec modelSpec, Accuracy accuracy) {
        boolean ok = accuracy.within(tolerance);
        rows.add(new String[] {source, variant, modelSpec.kind().id(), Numbers.error(accuracy.maxAbsoluteError()),
                Numbers.error(accuracy.maxRelativeError()), ok ? "ok" : "DIFFERS"});
        return ok ? 0 : 1;
    }

    private List<Case> canonicalCases() {
        if (model != null) {
            throw new UserError("--model goes with --weights; use --models to choose the kinds to check");
        }
        List<ModelKind> kinds = models == null ? List.of(ModelKind.values()) : models.values();
        List<Case> cases = new ArrayList<>();
        for (ModelKind kind : kinds) {
            ModelSpec modelSpec = sizes.specAmongKinds(kind);
            cases.add(new Case(modelSpec, Weights.initialise(modelSpec, sizes.seed),
                    Inputs.generate(sizes.batch, sizes.sequenceLength, modelSpec.inputSize(), sizes.seed), null,
                    "canonical weights, seed " + sizes.seed));
        }
        return cases;
    }

    private Case caseFromFile() throws IOException {
        if (models != null) {
            throw new UserError("--models does not go with --weights: the file holds one model");
        }
        SafeTensorsFile file;
        try {
            file = SafeTensors.read(weightsFile);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserError("--weights " + weightsFile + " does not exist");
        }
        ModelSpec modelSpec = specOf(file);
        Map<String, Tensor> tensors = new LinkedHashMap<>(file.tensors());
        Tensor input = tensors.remove("input");
        Tensor output = tensors.remove("output");
        Weights weights;
        try {
            weights = Weights.of(tensors).requireMatches(modelSpec);
        } catch (WeightsMismatchException e) {
            throw new UserError("--weights " + weightsFile.getFileName() + ": " + e.getMessage());
        }
        String source = weightsFile.getFileName().toString();
        if (input == null) {
            input = Inputs.generate(sizes.batch, sizes.sequenceLength, modelSpec.inputSize(), sizes.seed);
        } else if (input.rank() != 3 || input.dimension(2) != modelSpec.inputSize() || input.dimension(0) < 1
                || input.dimension(1) < 1) {
            throw new UserError("--weights " + source + ": its input tensor has shape " + input.shapeText()
                    + "; expected [batch, seq, " + modelSpec.inputSize() + "]");
        }
        int[] expectedShape = modelSpec.outputShape(input.dimension(0), input.dimension(1));
        if (output != null && !output.hasShape(expectedShape)) {
            throw new UserError("--weights " + source + ": its output tensor has shape " + output.shapeText()
                    + "; expected " + java.util.Arrays.toString(expectedShape));
        }
        return new Case(modelSpec, weights, input, output, source);
    }

    private ModelSpec specOf(SafeTensorsFile file) {
        String json = file.metadata().get(ModelSpecJson.METADATA_KEY);
        if (json != null) {
            List<String> given = SIZE_FLAGS.stream()
                    .filter(flag -> spec.commandLine().getParseResult().hasMatchedOption(flag)).toList();
            if (!given.isEmpty()) {
                throw new UserError("--weights " + weightsFile.getFileName() + " carries its spec in "
                        + ModelSpecJson.METADATA_KEY + "; drop " + String.join(", ", given));
            }
            try {
                return ModelSpecJson.read(json);
            } catch (InvalidSpecException e) {
                throw new UserError("--weights " + weightsFile.getFileName() + ": " + e.getMessage());
            }
        }
        if (model == null) {
            throw new UserError("--weights " + weightsFile.getFileName() + " has no " + ModelSpecJson.METADATA_KEY
                    + " metadata; give --model and the sizes (--input-size, --hidden, --layers, ...)");
        }
        return sizes.spec(model);
    }
}
