package org.seqbench.harness.cli;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The defaults of {@code verify} and {@code export}: small models and a short input, checked in a second. {@code run}
 * has none: its defaults are the profile's.
 */
final class OneCaseDefaults implements IDefaultValueProvider {
    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("--input-size", "16"),
            Map.entry("--heads", "4"),
            Map.entry("--ffn-ratio", "4"),
            Map.entry("--output-size", "4"),
            Map.entry("--hidden-sizes", "32"),
            Map.entry("--hidden-size", "32"),
            Map.entry("--layers", "1"),
            Map.entry("--seq-lens", "20"),
            Map.entry("--seq-len", "20"),
            Map.entry("--batches", "3"),
            Map.entry("--batch", "3"),
            Map.entry("--threads", "1"),
            Map.entry("--arithmetic", "fp32"),
            Map.entry("--seed", "42"),
            Map.entry("--tolerance", "1e-4"));

    @Override
    public String defaultValue(ArgSpec argument) {
        return argument instanceof OptionSpec option ? DEFAULTS.get(option.longestName()) : null;
    }
}
