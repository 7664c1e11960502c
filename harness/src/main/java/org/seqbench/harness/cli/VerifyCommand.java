package org.seqbench.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
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
import org.seqbench.core.safetensors.SafeTensorsException;
import org.seqbench.core.safetensors.SafeTensorsFile;
import org.seqbench.harness.sweep.BackendSelection;
import org.seqbench.harness.sweep.SweepPlanner;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.results.Numbers;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.Precision;
import org.seqbench.spi.PreparedInput;
import org.seqbench.spi.RunOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code seqbench verify}: the accuracy matrix, every backend and variant against the float64 reference, on
 * seqbench's canonical weights or on weights a user brings ({@code --weights}, e.g. a trained PyTorch model saved
 * with safetensors). It takes {@code run}'s flags for the models and inputs, and checks each combination of their
 * lists, in each arithmetic asked for ({@code --arithmetic}) against that arithmetic's tolerance. A backend that fails,
 * in whatever way, is marked failed and the others are still checked.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
        showDefaultValues = true,
        defaultValueProvider = OneCaseDefaults.class,
        description = {"Check every backend (and variant) against the float64 reference.",
                "Exit status: 0 all within tolerance, 1 a backend differs or fails, 2 bad input."})
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    SweepFlags sweep;

    @Option(names = {"--ffn-size", "--ffn"}, paramLabel = "N",
            description = "The transformer's feed-forward width itself, instead of --ffn-ratio.")
    Integer ffnSize;

    @Option(names = "--weights", paramLabel = "FILE",
            description = "A safetensors file of PyTorch state_dict weights; the spec comes from its seqbench.spec "
                    + "metadata, or from --kind and the size flags.")
    Path weightsFile;

    @Option(names = {"--kind", "--model"}, paramLabel = "KIND", converter = Converters.Kind.class,
            description = "The kind of the --weights file when it carries no seqbench.spec.")
    ModelKind kind;

    @ParentCommand
    SeqbenchCommand seqbench;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** One model, its weights and input, and optionally an output someone else computed. */
    private record Case(ModelSpec spec, Weights weights, Tensor input, Tensor givenOutput, String source) {
    }

    @Override
    public Integer call() throws IOException {
        if (!(sweep.tolerance > 0)) {
            throw new UserError("--tolerance must be a positive number, got " + sweep.tolerance);
        }
        List<BackendProvider> providers = BackendSelection.select(
                sweep.backends == null ? List.of() : SweepFlags.distinct(sweep.backends), seqbench.backends());
        List<Case> cases = weightsFile != null ? casesFromFile() : canonicalCases();
        List<Integer> threads = SweepFlags.distinct(sweep.threads);
        Function<Case, String> label = labels(cases);

        List<Precision> arithmetic = SweepFlags.distinct(sweep.arithmetic);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"backend", "variant", "model", "arithmetic", "tolerance", "max abs err", "max rel err",
                "result"});
        int failures = 0;
        for (Case check : cases) {
            double[] expected = new ReferenceModel(check.spec(), check.weights()).forward(check.input());
            int[] shape = check.spec().outputShape(check.input().dimension(0), check.input().dimension(1));
            if (check.givenOutput() != null) {
                // Someone else's output, in an arithmetic unknown here: held to the fp32 tolerance.
                Accuracy accuracy = Accuracy.compare(check.givenOutput(), expected, shape);
                failures += row(rows, check.source(), "output in file", label.apply(check), "", sweep.tolerance,
                        accuracy);
            }
            for (int threadCount : threads) {
                String model = label.apply(check) + (threads.size() > 1 ? " threads=" + threadCount : "");
                for (BackendProvider provider : providers) {
                    failures += verify(provider, check, threadCount, arithmetic, model, expected, shape, rows);
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Case check : cases) {
            out.println(check.spec().describe() + ", input " + check.input().shapeText() + " (" + check.source() + ")");
        }
        Tables.print(out, rows);
        String tolerances = arithmetic.equals(List.of(Precision.FP32)) ? String.valueOf(sweep.tolerance)
                : "their arithmetic's tolerance (" + arithmetic.stream().map(precision -> precision.id() + " "
                        + Numbers.error(precision.tolerance(sweep.tolerance))).collect(Collectors.joining(", ")) + ")";
        out.println(failures == 0 ? "all within " + tolerances + " of the float64 reference"
                : failures + " check(s) outside " + tolerances + " of the float64 reference or failed");
        return failures == 0 ? 0 : SeqbenchCommand.FAILURE;
    }

    /**
     * The kind, and the sizes that differ between cases ({@code lstm H=64 T=20}); the kind alone when only the kind
     * differs.
     */
    private static Function<Case, String> labels(List<Case> cases) {
        Map<String, Function<Case, Integer>> coordinates = new LinkedHashMap<>();
        coordinates.put("H", check -> check.spec().hiddenSize());
        coordinates.put("L", check -> check.spec().layers());
        coordinates.put("T", check -> check.input().dimension(1));
        coordinates.put("B", check -> check.input().dimension(0));
        coordinates.values().removeIf(coordinate -> cases.stream().map(coordinate).distinct().count() < 2);
        return check -> {
            StringBuilder label = new StringBuilder(check.spec().kind().id());
            coordinates.forEach((name, coordinate) -> label.append(' ').append(name).append('=')
                    .append(coordinate.apply(check)));
            return label.toString();
        };
    }

    private int verify(BackendProvider provider, Case check, int threadCount, List<Precision> arithmetic,
            String model, double[] expected, int[] shape, List<String[]> rows) {
        ModelKind checkedKind = check.spec().kind();
        List<String> variants;
        try {
            if (!provider.availability().available()) {
                rows.add(new String[] {provider.id(), "-", model, "", "", "", "", "skipped: unavailable: "
                        + provider.availability().reason()});
                return 0;
            }
            if (!provider.supportedKinds().contains(checkedKind)) {
                rows.add(new String[] {provider.id(), "-", model, "", "", "", "", "skipped: " + checkedKind.id()
                        + " not supported"});
                return 0;
            }
            variants = provider.variants(checkedKind);
        } catch (RuntimeException | LinkageError e) {
            rows.add(failed(provider, "-", model, "", e));
            return 1;
        }
        int failures = 0;
        for (Precision precision : arithmetic) {
            String unsupported = SweepPlanner.unsupportedArithmetic(provider, precision);
            if (unsupported != null) {
                rows.add(new String[] {provider.id(), "-", model, precision.id(), "", "", "", "skipped: "
                        + unsupported});
                continue;
            }
            for (String variant : variants) {
                try (BackendModel loaded = provider.load(check.spec(), check.weights(),
                        new RunOptions(threadCount, precision, variant));
                        PreparedInput prepared = loaded.prepare(check.input())) {
                    failures += row(rows, provider.id(), variant, model, precision.id(),
                            precision.tolerance(sweep.tolerance),
                            Accuracy.compare(loaded.forward(prepared), expected, shape));
                } catch (RuntimeException | LinkageError e) {
                    // Whatever a backend throws is its failure, never the user's: the row says so and the others run.
                    rows.add(failed(provider, variant, model, precision.id(), e));
                    failures++;
                }
            }
        }
        return failures;
    }

    private String[] failed(BackendProvider provider, String variant, String model, String arithmetic,
            Throwable error) {
        if (ExitCodes.isDebug(spec.commandLine().getParseResult())) {
            error.printStackTrace(spec.commandLine().getErr());
        }
        String reason = error instanceof BackendException ? error.getMessage()
                : "the backend failed (not a mistake in the input): " + error;
        return new String[] {provider.id(), variant, model, arithmetic, "", "", "",
                "FAILED: " + ExitCodes.oneLine(reason)};
    }

    private static int row(List<String[]> rows, String source, String variant, String model, String arithmetic,
            double tolerance, Accuracy accuracy) {
        boolean ok = accuracy.within(tolerance);
        rows.add(new String[] {source, variant, model, arithmetic, Numbers.error(tolerance),
                Numbers.error(accuracy.maxAbsoluteError()), Numbers.error(accuracy.maxRelativeError()),
                ok ? "ok" : "DIFFERS"});
        return ok ? 0 : 1;
    }

    private List<Case> canonicalCases() {
        if (kind != null) {
            throw new UserError(Flags.typed(spec, "--kind") + " goes with --weights; use "
                    + Flags.typed(spec, "--kinds") + " to choose the kinds to check");
        }
        List<ModelKind> kinds = sweep.kinds == null ? List.of(ModelKind.values()) : SweepFlags.distinct(sweep.kinds);
        List<Case> cases = new ArrayList<>();
        for (int hiddenSize : SweepFlags.distinct(sweep.hiddenSizes)) {
            for (int layers : SweepFlags.distinct(sweep.layers)) {
                for (ModelKind checked : kinds) {
                    // Each flag applies to the kinds it describes: --bidirectional to the recurrent ones, --heads
                    // and the feed-forward width to the transformer.
                    ModelSpec modelSpec = sweep.model.spec(checked, hiddenSize, layers, ffnSize, "--ffn-size",
                            VerifyCommand::flagOf);
                    Weights weights = Weights.initialise(modelSpec, sweep.seed);
                    for (Tensor input : inputs(modelSpec)) {
                        cases.add(new Case(modelSpec, weights, input, null, "canonical weights, seed " + sweep.seed));
                    }
                }
            }
        }
        return cases;
    }

    /** An input of each length and batch size asked for. */
    private List<Tensor> inputs(ModelSpec modelSpec) {
        List<Tensor> inputs = new ArrayList<>();
        for (int batch : SweepFlags.distinct(sweep.batches)) {
            for (int seqLen : SweepFlags.distinct(sweep.seqLens)) {
                inputs.add(Inputs.generate(batch, seqLen, modelSpec.inputSize(), sweep.seed));
            }
        }
        return inputs;
    }

    private static String flagOf(String field) {
        return switch (field) {
            case "hiddenSize" -> "--hidden-sizes";
            case "kind" -> "--kind";
            default -> ModelFlags.flagOf(field);
        };
    }

    private List<Case> casesFromFile() throws IOException {
        if (sweep.kinds != null) {
            throw new UserError(Flags.typed(spec, "--kinds") + " does not go with --weights: the file holds one "
                    + "model");
        }
        SafeTensorsFile file;
        try {
            file = SafeTensors.read(weightsFile);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserError("--weights " + weightsFile + " does not exist");
        } catch (SafeTensorsException e) {
            throw new UserError(e.getMessage());
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
            return inputs(modelSpec).stream().map(generated -> new Case(modelSpec, weights, generated, null, source))
                    .toList();
        }
        if (input.rank() != 3 || input.dimension(2) != modelSpec.inputSize() || input.dimension(0) < 1
                || input.dimension(1) < 1) {
            throw new UserError("--weights " + source + ": its input tensor has shape " + input.shapeText()
                    + "; expected [batch, seq, " + modelSpec.inputSize() + "]");
        }
        int[] expectedShape = modelSpec.outputShape(input.dimension(0), input.dimension(1));
        if (output != null && !output.hasShape(expectedShape)) {
            throw new UserError("--weights " + source + ": its output tensor has shape " + output.shapeText()
                    + "; expected " + java.util.Arrays.toString(expectedShape));
        }
        return List.of(new Case(modelSpec, weights, input, output, source));
    }

    private ModelSpec specOf(SafeTensorsFile file) {
        String json = file.metadata().get(ModelSpecJson.METADATA_KEY);
        // The flags that describe the model, which the file's spec makes redundant.
        List<String> given = new ArrayList<>();
        if (kind != null) {
            given.add(Flags.typed(spec, "--kind"));
        }
        given.addAll(Flags.given(spec, List.of(spec.findOption("--hidden-sizes"), spec.findOption("--layers"))));
        given.addAll(sweep.model.given());
        if (ffnSize != null) {
            given.add(Flags.typed(spec, "--ffn-size"));
        }
        if (json != null) {
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
        if (kind == null) {
            throw new UserError("--weights " + weightsFile.getFileName() + " has no " + ModelSpecJson.METADATA_KEY
                    + " metadata; give --kind and the sizes (--input-size, --hidden-sizes, --layers, ...)");
        }
        sweep.model.requireAppliesTo(kind, "--ffn-size");
        return sweep.model.spec(kind, one("--hidden-sizes", sweep.hiddenSizes), one("--layers", sweep.layers),
                ffnSize, "--ffn-size", VerifyCommand::flagOf);
    }

    /** The one value of a list flag that describes the model of a --weights file. */
    private int one(String flag, List<Integer> values) {
        List<Integer> distinct = SweepFlags.distinct(values);
        if (distinct.size() != 1) {
            throw new UserError("--weights holds one model: give one value of " + Flags.typed(spec, flag) + ", got "
                    + distinct.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));
        }
        return distinct.getFirst();
    }
}
