package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.seqbench.results.SweepSpec;
import picocli.CommandLine;

/**
 * The CI examples cannot go stale: every {@code seqbench} line of the GitHub workflow, the Kubernetes Jobs and the
 * yaml and sh blocks of docs/ci.md parses with seqbench's own command line (parsed only, never run), each example
 * still runs, merges and compares, its shard counts agree, and the measuring pods ask for whole CPUs.
 */
class CiExamplesTest {
    private static final Path ROOT = org.seqbench.harness.RepositoryRoot.path();

    static Stream<String> examples() {
        return Stream.of("examples/github-actions/seqbench.yml", "examples/kubernetes/indexed-job.yaml", "docs/ci.md");
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everySeqbenchLineParsesWithSeqbenchsOwnCommandLine(String example) throws IOException {
        List<CiCommandLines.Found> lines = CiCommandLines.in(ROOT.resolve(example));
        List<String> failures = new ArrayList<>();
        for (CiCommandLines.Found line : lines) {
            line.words().stream().filter(word -> word.contains("$") || word.contains("`")).forEach(word ->
                    failures.add(line.where() + ": '" + word + "' has a variable without a sample value (add it to "
                            + "CiCommandLines.SAMPLES)"));
            try {
                line.parse();
            } catch (CommandLine.ParameterException e) {
                failures.add(line.where() + ": " + e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void eachExampleRunsMergesAndCompares(String example) throws IOException {
        Set<String> commands = new TreeSet<>();
        for (CiCommandLines.Found line : CiCommandLines.in(ROOT.resolve(example))) {
            subcommand(line).ifPresent(parsed -> commands.add(parsed.commandSpec().name()));
        }
        assertTrue(commands.containsAll(Set.of("run", "merge", "compare")), example + " runs " + commands);
    }

    @ParameterizedTest
    @MethodSource("examples")
    void theShardsMeasuredAreTheShardsMerged(String example) throws IOException {
        Path file = ROOT.resolve(example);
        Set<Integer> counts = new TreeSet<>();
        List<CiCommandLines.Found> merges = new ArrayList<>();
        for (CiCommandLines.Found line : CiCommandLines.in(file)) {
            CommandLine.ParseResult parsed = subcommand(line).orElseThrow();
            switch (parsed.commandSpec().name()) {
                case "run" -> {
                    SweepSpec.Shard shard = parsed.matchedOptionValue("--shard", null);
                    if (shard != null) {
                        counts.add(shard.count());
                    }
                }
                case "merge" -> merges.add(line);
                default -> {
                }
            }
        }
        assertEquals(1, counts.size(), example + " measures one shard count: " + counts);
        int count = counts.iterator().next();
        for (CiCommandLines.Found merge : merges) {
            List<Path> shards = subcommand(merge).orElseThrow().matchedPositionalValue(0, List.of());
            assertEquals(count, shards.size(), merge.where() + " merges every shard");
        }
        for (JsonNode document : CiCommandLines.documents(file)) {
            for (String key : List.of("completions", "parallelism", "parallel")) {
                document.findValues(key).stream().filter(JsonNode::isInt).forEach(value ->
                        assertEquals(count, value.asInt(), example + ": " + key + " is the shard count"));
            }
            document.findValues("matrix").forEach(matrix -> assertEquals(count, matrix.path("shard").size(),
                    example + ": the matrix has a job per shard"));
        }
    }

    @Test
    void theMeasuringPodsAskForWholeCpusWithRequestsEqualToLimits() throws IOException {
        List<JsonNode> indexed = CiCommandLines.documents(ROOT.resolve("examples/kubernetes/indexed-job.yaml"))
                .stream().filter(document -> document.path("spec").path("completionMode").asText().equals("Indexed"))
                .toList();
        assertEquals(1, indexed.size(), "one Indexed Job measures the shards");
        JsonNode containers = indexed.getFirst().path("spec").path("template").path("spec").path("containers");
        assertFalse(containers.isEmpty());
        for (JsonNode container : containers) {
            JsonNode resources = container.path("resources");
            assertEquals(resources.path("requests"), resources.path("limits"),
                    container.path("name") + ": requests equal to limits (the Guaranteed QoS class)");
            assertTrue(resources.path("limits").path("cpu").asText().matches("[1-9][0-9]*"),
                    container.path("name") + ": whole CPUs, got " + resources.path("limits").path("cpu"));
            assertFalse(resources.path("limits").path("memory").isMissingNode(), "memory is limited too");
        }
    }

    @Test
    void theCheckFindsContinuedAndChainedLinesAndNamesTheFileLineAndPicocliMessage(@TempDir Path directory)
            throws IOException {
        Path workflow = Files.writeString(directory.resolve("stale.yml"), """
                jobs:
                  measure:
                    steps:
                      - run: echo seqbench run is not a command here
                      - run: |
                          status=0
                          ./seqbench run --profile quick \\
                            --shards ${{ matrix.shard }}/3 --out "shard out" 2>&1 | tee run.log
                          if ! ./seqbench compare a b --out c; then status=$?; fi
                """);
        List<CiCommandLines.Found> lines = CiCommandLines.in(workflow);
        assertEquals(2, lines.size(), lines.toString());
        CiCommandLines.Found run = lines.getFirst();
        assertEquals(List.of("run", "--profile", "quick", "--shards", "2/3", "--out", "shard out"), run.words());
        assertEquals(7, run.line(), "the line the command starts on");
        assertEquals(List.of("compare", "a", "b", "--out", "c"), lines.get(1).words());
        assertEquals(9, lines.get(1).line());
        CommandLine.ParameterException stale = assertThrows(CommandLine.ParameterException.class, run::parse);
        assertTrue(stale.getMessage().contains("Unknown options: '--shards', '2/3'"), stale.getMessage());
        assertEquals(workflow + ":7: seqbench run --profile quick --shards 2/3 --out shard out", run.where());
        lines.get(1).parse();
    }

    @Test
    void theCheckReadsContainerCommandsAndGitLabScripts(@TempDir Path directory) throws IOException {
        Path jobs = Files.writeString(directory.resolve("jobs.yaml"), """
                kind: Job
                spec:
                  template:
                    spec:
                      containers:
                        - command: ["/bin/sh", "-c"]
                          args: ["./seqbench run --shard $((JOB_COMPLETION_INDEX + 1))/3"]
                        - command: ["seqbench", "merge", "/runs/a b", "--out", "m"]
                ---
                measure:
                  parallel: 3
                  script:
                    - ./seqbench run --shard ${CI_NODE_INDEX}/$CI_NODE_TOTAL
                """);
        List<List<String>> words = CiCommandLines.in(jobs).stream().map(CiCommandLines.Found::words).toList();
        assertEquals(List.of(List.of("run", "--shard", "2/3"), List.of("merge", "/runs/a b", "--out", "m"),
                List.of("run", "--shard", "2/3")), words);
    }

    private static java.util.Optional<CommandLine.ParseResult> subcommand(CiCommandLines.Found line) {
        try {
            return java.util.Optional.ofNullable(line.parse().subcommand());
        } catch (CommandLine.ParameterException e) {
            fail(line.where() + ": " + e.getMessage());
            return java.util.Optional.empty();
        }
    }
}
