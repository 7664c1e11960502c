package org.seqbench.harness.measure;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * What a probe's JMH fork tells the harness besides JMH's scores: facts only the fork can know (the vector
 * species its JIT chose) and other processes' CPU during its measurement iterations. The fork writes them, once,
 * as a properties file named by the system property {@value #PROPERTY}.
 */
public final class ProbeFacts {
    /** System property naming the file the fork writes its facts to. */
    public static final String PROPERTY = "seqbench.probe.facts";
    /** Other processes' CPU during the measurement iterations, in cores; absent without /proc. */
    public static final String OTHER_CPU_CORES = "otherCpuCores";

    private final OtherProcessesCpu otherCpu = new OtherProcessesCpu();

    /** Call from a {@code Level.Iteration} setup of a {@code Scope.Benchmark} state. */
    public void beginIteration(IterationParams iteration) {
        if (iteration.getType() == IterationType.MEASUREMENT) {
            otherCpu.begin();
        }
    }

    /** Call from a {@code Level.Iteration} tear-down of a {@code Scope.Benchmark} state. */
    public void endIteration(IterationParams iteration) {
        if (iteration.getType() == IterationType.MEASUREMENT) {
            otherCpu.end();
        }
    }

    /** Writes {@code facts} and the CPU figure to the file the harness named; nothing when it named none. */
    public void write(Map<String, String> facts) {
        String target = System.getProperty(PROPERTY);
        if (target == null || target.isBlank()) {
            return;
        }
        Properties properties = new Properties();
        properties.putAll(facts);
        otherCpu.usage().ifPresent(usage -> properties.setProperty(OTHER_CPU_CORES, String.valueOf(usage.cores())));
        try (Writer out = Files.newBufferedWriter(Path.of(target), StandardCharsets.UTF_8)) {
            properties.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the probe's facts to " + target, e);
        }
    }

    /** The facts in {@code file}; empty when the fork wrote none. */
    static Map<String, String> read(Path file) throws IOException {
        Map<String, String> facts = new TreeMap<>();
        if (!Files.exists(file) || Files.size(file) == 0) {
            return facts;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        properties.stringPropertyNames().forEach(name -> facts.put(name, properties.getProperty(name)));
        return facts;
    }

    /** Other processes' CPU in {@code outcome}, in cores; null when the fork could not measure it. */
    static Double otherCpuCores(ProbeRunner.Outcome outcome) {
        String cores = outcome.fact(OTHER_CPU_CORES);
        return cores == null ? null : Double.valueOf(cores);
    }
}
