package org.seqbench.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tools/gpu-check.sh runs only on the GPU machine, where a mistake costs a device session: these tests run it here
 * with --dry-run (the steps and their command lines, the flags the commands really take) and with a fake bundle
 * (a failed step is recorded and the next one runs; an exhausted budget skips steps), and check both scripts'
 * syntax and argument errors.
 */
class GpuCheckScriptTest {
    private static final Path ROOT = Path.of(System.getProperty("seqbench.root", "..")).toAbsolutePath().normalize();
    private static final Path CHECK = ROOT.resolve("tools/gpu-check.sh");
    private static final Path BUNDLE = ROOT.resolve("tools/gpu-bundle");
    private static final List<String> STEPS = List.of("gpu", "libraries", "backends", "conformance", "verify",
            "pytorch-cuda", "pytorch-cpu", "run-plan", "run", "report");

    private record Result(int status, String output) {
    }

    @BeforeAll
    static void needsWhatTheGpuMachineHas() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "the scripts are bash scripts; this machine has no bash");
        // The check is written for the Linux GPU machine: bash 4 or newer and coreutils' timeout (not macOS's).
        Result tools = bash(Map.of(), "-c", "command -v timeout >/dev/null && ((BASH_VERSINFO[0] >= 4))");
        assumeTrue(tools.status() == 0, "this machine lacks bash 4 or coreutils' timeout, which tools/gpu-check.sh uses");
    }

    @Test
    void bothScriptsParse() throws Exception {
        for (Path script : List.of(CHECK, BUNDLE)) {
            Result syntax = bash(Map.of(), "-n", script.toString());
            assertEquals(0, syntax.status(), script + ": " + syntax.output());
        }
    }

    @Test
    void dryRunListsEveryStepInOrderWithTheCommandsTheyRun() throws Exception {
        Result dry = bash(Map.of("OUT", "/results"), CHECK.toString(), "--dry-run");
        assertEquals(0, dry.status(), dry.output());
        // A step's header ("03 backends (limit ...):") is followed by its command line, indented.
        Map<String, String> commands = new LinkedHashMap<>();
        String step = null;
        for (String line : dry.output().lines().toList()) {
            if (line.matches("\\d\\d \\S+ \\(limit .*")) {
                step = line.split(" ")[1];
            } else if (step != null && line.startsWith("   ")) {
                commands.put(step, line.strip());
                step = null;
            }
        }
        assertEquals(STEPS, List.copyOf(commands.keySet()), dry.output());
        String seqbench = ROOT.resolve("dist/gpu-bundle/seqbench").toString();
        String python = "/nonexistent-venv/bin/python " + ROOT.resolve("tools/pytorch_baseline.py");
        assertTrue(commands.get("gpu").startsWith("nvidia-smi"), commands.get("gpu"));
        assertEquals(seqbench + " backends", commands.get("backends"));
        assertEquals(seqbench + "-conformance --details=tree --reports-dir=/results/conformance-reports",
                commands.get("conformance"));
        assertEquals(seqbench + " verify --backends cuda", commands.get("verify"));
        assertEquals(python + " --device cuda --profile quick --trials 3 --out /results/pytorch-cuda",
                commands.get("pytorch-cuda"));
        assertEquals(python + " --device cpu --profile quick --trials 3 --out /results/pytorch-cpu",
                commands.get("pytorch-cpu"));
        assertEquals(seqbench + " run --profile quick --backends cuda --out /results/quick --dry-run",
                commands.get("run-plan"));
        assertEquals(seqbench + " run --profile quick --backends cuda --out /results/quick", commands.get("run"));
        assertEquals(seqbench + " report /results/quick/RUN_ID/run.json /results/pytorch-cuda/run.json "
                + "/results/pytorch-cpu/run.json --out /results/report", commands.get("report"));
    }

    @Test
    void aFailedStepIsRecordedAndTheStepsAfterItStillRun(@TempDir Path temp) throws Exception {
        Path bundle = fakeBundle(temp);
        Path out = temp.resolve("out");
        Result check = bash(Map.of("OUT", out.toString(), "SEQBENCH_BUNDLE", bundle.toString(),
                "SEQBENCH_CHECK_VENV", fakeVenv(temp).toString(), "SEQBENCH_CHECK_BUDGET_S", "300"), CHECK.toString());
        assertEquals(1, check.status(), check.output());
        Map<String, String> status = statuses(out);
        assertEquals(STEPS, List.copyOf(status.keySet()));
        assertEquals("passed 0", status.get("backends"));
        assertEquals("passed 0", status.get("conformance"));
        assertEquals("failed 1", status.get("verify"), "verify is the step the fake bundle fails");
        assertEquals("passed 0", status.get("run"));
        assertEquals("passed 0", status.get("report"));
        String report = Files.readString(out.resolve("logs/10-report.log"));
        assertTrue(report.contains("report " + out.resolve("quick/run-1/run.json") + " --out " + out.resolve("report")),
                report);
        assertTrue(Files.readString(out.resolve("logs/05-verify.log")).contains("verify --backends cuda"));
        assertTrue(Files.readString(out.resolve("summary.txt")).contains("of 10 steps did not pass"));
    }

    @Test
    void anExhaustedBudgetSkipsStepsAndSaysSo(@TempDir Path temp) throws Exception {
        Path out = temp.resolve("out");
        Result check = bash(Map.of("OUT", out.toString(), "SEQBENCH_BUNDLE", fakeBundle(temp).toString(),
                "SEQBENCH_CHECK_BUDGET_S", "1"), CHECK.toString());
        assertEquals(1, check.status(), check.output());
        statuses(out).forEach((step, status) -> assertEquals("skipped -", status, step));
        assertTrue(Files.readString(out.resolve("logs/03-backends.log")).contains("needs at least"));
    }

    @Test
    void badArgumentsAreRefusedWithTheAcceptedOnes() throws Exception {
        Result check = bash(Map.of(), CHECK.toString(), "--dryrun");
        assertEquals(2, check.status());
        assertTrue(check.output().contains("unknown argument '--dryrun'; accepted: --dry-run, --help"),
                check.output());
        Result noOut = bash(Map.of("OUT", ""), CHECK.toString());
        assertEquals(2, noOut.status());
        assertTrue(noOut.output().contains("OUT is not set"), noOut.output());
        Result budget = bash(Map.of("SEQBENCH_CHECK_BUDGET_S", "9m"), CHECK.toString(), "--dry-run");
        assertEquals(2, budget.status());
        assertTrue(budget.output().contains("whole number of seconds, got '9m'"), budget.output());
        Result bundle = bash(Map.of(), BUNDLE.toString(), "--no-biuld", "dir");
        assertEquals(2, bundle.status());
        assertTrue(bundle.output().contains("unknown option '--no-biuld'; accepted: --no-build, --help"),
                bundle.output());
        Result two = bash(Map.of(), BUNDLE.toString(), "a", "b");
        assertEquals(2, two.status());
        assertTrue(two.output().contains("one DIR is accepted, got 'a' and 'b'"), two.output());
    }

    /**
     * A bundle whose launchers echo their arguments: {@code verify} fails, {@code run} writes a run record as a real
     * run does (OUT/quick/RUN_ID/run.json), {@code report} writes a summary.
     */
    private static Path fakeBundle(Path temp) throws IOException {
        Path bundle = Files.createDirectories(temp.resolve("bundle"));
        executable(bundle.resolve("seqbench"), """
                #!/usr/bin/env bash
                echo "seqbench $*"
                case "$1" in
                  verify) exit 1 ;;
                  run) mkdir -p "$OUT/quick/run-1" && echo '{}' >"$OUT/quick/run-1/run.json" ;;
                  report) mkdir -p "$OUT/report" && echo "summary" >"$OUT/report/summary.md" ;;
                esac
                """);
        executable(bundle.resolve("seqbench-conformance"), "#!/usr/bin/env bash\necho \"conformance $*\"\n");
        return bundle;
    }

    /** A Python environment whose interpreter echoes its arguments. */
    private static Path fakeVenv(Path temp) throws IOException {
        Path venv = Files.createDirectories(temp.resolve("venv/bin"));
        executable(venv.resolve("python"), "#!/usr/bin/env bash\necho \"python $*\"\n");
        return venv.getParent();
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** steps.tsv as step to "status exit". */
    private static Map<String, String> statuses(Path out) throws IOException {
        Map<String, String> statuses = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out.resolve("steps.tsv")).subList(1, 11)) {
            String[] fields = line.split("\t");
            statuses.put(fields[0], fields[1] + " " + fields[2]);
        }
        return statuses;
    }

    private static Result bash(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("/bin/bash"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        // The check reads these; the machine running the tests may have them set for its own use.
        for (String inherited : List.of("OUT", "VIRTUAL_ENV", "SEQBENCH_CUDA_LIBRARIES", "CUDA_HOME",
                "SEQBENCH_BUNDLE", "SEQBENCH_CHECK_BUDGET_S", "SEQBENCH_CHECK_VENV", "SEQBENCH_CHECK_PYTORCH_FLAGS",
                "SEQBENCH_JAVA_OPTS")) {
            builder.environment().remove(inherited);
        }
        builder.environment().put("SEQBENCH_CHECK_VENV", "/nonexistent-venv");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the script did not end within 60 s:\n" + output);
        return new Result(process.exitValue(), output);
    }
}
