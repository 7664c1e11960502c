package org.seqbench.harness.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.seqbench.harness.sweep.EngineOptions;
import org.seqbench.results.Environment;
import org.seqbench.results.SweepSpec;
import org.seqbench.spi.Availability;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.EngineSettings;

/** Describes the machine a run measures. Every probe degrades to "unknown" rather than failing the run. */
public final class EnvironmentProbe {
    /** Environment variables that change how many threads native engines start or how they wait. */
    private static final Pattern THREAD_VARIABLES = Pattern.compile(
            "^(OMP_.*|GOMP_.*|KMP_.*|OPENBLAS_.*|MKL_NUM_THREADS|MKL_DYNAMIC|VECLIB_MAXIMUM_THREADS|NUMEXPR_.*)$");

    private EnvironmentProbe() {
    }

    /** The machine, and every backend with the engine settings {@code sweep} measures it with. */
    public static Environment probe(List<BackendProvider> backends, SweepSpec sweep) {
        List<Environment.BackendInfo> infos = backends.stream()
                .map(provider -> describe(provider, EngineOptions.resolved(sweep, provider))).toList();
        Map<String, String> threadVariables = new TreeMap<>();
        System.getenv().forEach((name, value) -> {
            if (THREAD_VARIABLES.matcher(name).matches()) {
                threadVariables.put(name, value);
            }
        });
        return new Environment(cpuModel(), Runtime.getRuntime().availableProcessors(), memoryBytes(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                        + System.getProperty("os.arch") + ")",
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vm.name") + ")",
                hostname(), gitCommit(), version(), infos, threadVariables, List.of(), List.of(), List.of());
    }

    /** A backend with its engine settings at their defaults. */
    public static Environment.BackendInfo describe(BackendProvider provider) {
        return describe(provider, EngineSettings.resolve(provider.id(), provider.settings(), Map.of()));
    }

    private static Environment.BackendInfo describe(BackendProvider provider, Map<String, String> settings) {
        Availability availability = provider.availability();
        return new Environment.BackendInfo(provider.id(), provider.name(), provider.engineVersion(),
                provider.device(), availability.available(), availability.available() ? null : availability.reason(),
                settings);
    }

    /** This machine in words: the host, its processor and its cores, as a study records it. */
    public static String machine() {
        return hostname() + ", " + cpuModel() + " (" + Runtime.getRuntime().availableProcessors() + " cores)";
    }

    /** The seqbench version from the jar manifest, or "dev" when run from classes. */
    public static String version() {
        String version = EnvironmentProbe.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: fall through to the architecture.
        }
        return System.getProperty("os.arch") + " (model unknown)";
    }

    private static long memoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    private static String hostname() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return Files.readString(Path.of("/etc/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The commit of the seqbench checkout the launcher runs from ({@code seqbench.home}), when it is a git checkout. */
    private static String gitCommit() {
        String home = System.getProperty("seqbench.home");
        if (home == null) {
            return null;
        }
        try {
            Process git = new ProcessBuilder("git", "-C", home, "rev-parse", "--short=12", "HEAD")
                    .redirectErrorStream(true).start();
            if (!git.waitFor(5, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return null;
            }
            String output = new String(git.getInputStream().readAllBytes()).trim();
            return git.exitValue() == 0 && output.matches("[0-9a-f]{7,40}") ? output : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
