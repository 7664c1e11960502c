package org.seqbench.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestEngine;

/**
 * Pins what tools/gpu-bundle packs for the GPU machine, whose transfer limit has room for the harness and
 * backend-cuda but not for any other engine: no other backend, none of their engines' jars, no database driver,
 * nothing twice, no test jar on the command line's class path, and for the conformance kit the test-jars and exactly one JUnit launcher,
 * of the release the kit is built with. The lists are the ones this module's build writes (dependency:list); the
 * checks ({@link #offenders}) are also run on planted lists, so that they cannot pass by accepting everything.
 */
class GpuClassPathTest {

    /** Groups of the engines the other backends bring (ONNX Runtime, DJL and libtorch, DL4J, ND4J, JavaCPP). */
    static final List<String> OTHER_ENGINE_GROUPS = List.of("com.microsoft.onnxruntime", "ai.djl",
            "org.deeplearning4j", "org.nd4j", "org.bytedeco", "org.datavec");

    /** The history database's drivers, which the bundle leaves out (see the module's pom). */
    static final List<String> LEFT_OUT = List.of("org.xerial:sqlite-jdbc", "org.postgresql:postgresql");

    private static final Path LISTS = Path.of(System.getProperty("seqbench.gpu.lists", "target/gpu-classpath"));

    @Test
    void commandLineClassPathHoldsTheHarnessWhatItRunsOnAndTheCudaBackend() throws IOException {
        Set<String> listed = coordinates(list("runtime.list"));
        for (String needed : List.of("org.seqbench:harness", "org.seqbench:backend-cuda", "org.seqbench:core-api",
                "org.seqbench:results", "org.seqbench:history", "org.seqbench:study", "info.picocli:picocli",
                "org.openjdk.jmh:jmh-core", "com.fasterxml.jackson.core:jackson-databind")) {
            assertTrue(listed.contains(needed), needed + " is missing from the command line's class path " + listed);
        }
    }

    @Test
    void commandLineClassPathHoldsNoOtherBackendNorItsEngineNorADatabaseDriverNorAnyJarTwice() throws IOException {
        assertEquals(List.of(), offenders(list("runtime.list")));
    }

    @Test
    void onlyBackendCudaRegistersABackendOnTheCommandLinesClassPath() throws IOException {
        Map<String, List<String>> registering = new TreeMap<>();
        for (ResolvedArtifact artifact : list("runtime.list")) {
            List<String> providers = artifact.registeredProviders();
            if (!providers.isEmpty()) {
                registering.put(artifact.coordinates(), providers);
            }
        }
        assertEquals(Set.of("org.seqbench:backend-cuda"), registering.keySet(),
                "the artifacts that register a BackendProvider: " + registering);
    }

    @Test
    void conformanceClassPathAddsTheKitsAndOneLauncherOfTheKitsJUnitRelease() throws IOException {
        assertEquals(Set.of("org.seqbench:core-api:tests", "org.seqbench:backend-cuda:tests"),
                coordinates(list("kits.list")));
        List<ResolvedArtifact> launcher = list("launcher.list");
        assertEquals(List.of("org.junit.platform:junit-platform-console-standalone"),
                launcher.stream().map(ResolvedArtifact::coordinates).toList());
        // The platform this test runs on is the one the kit is compiled and tested with.
        String platform = TestEngine.class.getPackage().getImplementationVersion();
        assertNotNull(platform, "junit-platform-engine's manifest names no Implementation-Version");
        assertEquals(platform, launcher.getFirst().version());
    }

    @Test
    void offendersNamesEveryOtherBackendEngineDriverTestJarAndDuplicateAndPassesTheRest() {
        List<ResolvedArtifact> planted = List.of(
                artifact("org.seqbench", "harness", "", "compile"),
                artifact("org.seqbench", "backend-cuda", "", "runtime"),
                artifact("org.seqbench", "backend-onnx", "", "runtime"),
                artifact("org.seqbench", "backend-tensorflow", "", "runtime"),
                artifact("com.microsoft.onnxruntime", "onnxruntime", "", "runtime"),
                artifact("ai.djl.pytorch", "pytorch-native-cpu", "linux-x86_64", "runtime"),
                artifact("org.bytedeco", "openblas", "linux-x86_64", "runtime"),
                artifact("org.xerial", "sqlite-jdbc", "", "compile"),
                artifact("org.seqbench", "core-api", "tests", "test"),
                artifact("com.fasterxml.jackson.core", "jackson-databind", "", "compile"),
                artifact("com.fasterxml.jackson.core", "jackson-databind", "", "runtime"));
        assertEquals(List.of(
                "org.seqbench:backend-onnx: another backend",
                "org.seqbench:backend-tensorflow: another backend",
                "com.microsoft.onnxruntime:onnxruntime: an engine of another backend",
                "ai.djl.pytorch:pytorch-native-cpu:linux-x86_64: an engine of another backend",
                "org.bytedeco:openblas:linux-x86_64: an engine of another backend",
                "org.xerial:sqlite-jdbc: a history database driver, left out of the bundle",
                "org.seqbench:core-api:tests: a test jar (test scope)",
                "com.fasterxml.jackson.core:jackson-databind: listed twice"), offenders(planted));
        assertEquals(List.of(), offenders(planted.subList(0, 2)));
    }

    @Test
    void listLinesParseWithAndWithoutClassifierAndModuleName() {
        ResolvedArtifact plain = ResolvedArtifact.parse(
                "org.openjdk.jmh:jmh-core:jar:1.37:compile:/r/jmh-core-1.37.jar -- module jmh.core [auto]");
        assertEquals(new ResolvedArtifact("org.openjdk.jmh", "jmh-core", "jar", "", "1.37", "compile",
                Path.of("/r/jmh-core-1.37.jar")), plain);
        ResolvedArtifact classified = ResolvedArtifact.parse(
                "org.seqbench:core-api:test-jar:tests:0.1.0-SNAPSHOT:test:/w/core-api/target/test-classes");
        assertEquals("org.seqbench:core-api:tests", classified.coordinates());
        assertEquals(Path.of("/w/core-api/target/test-classes"), classified.file());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ResolvedArtifact.parse("org.openjdk.jmh:jmh-core:jar:1.37:compile"));
        assertTrue(error.getMessage().contains("'org.openjdk.jmh:jmh-core:jar:1.37:compile'"), error.getMessage());
    }

    /**
     * What must not reach the GPU machine's command line, one line each: another backend, an engine of one, a test
     * jar, an artifact listed twice (two versions of one jar on a class path).
     */
    static List<String> offenders(List<ResolvedArtifact> classPath) {
        List<String> offenders = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ResolvedArtifact artifact : classPath) {
            String name = artifact.coordinates();
            if (artifact.groupId().equals("org.seqbench") && artifact.artifactId().startsWith("backend-")
                    && !artifact.artifactId().equals("backend-cuda")) {
                offenders.add(name + ": another backend");
            } else if (OTHER_ENGINE_GROUPS.stream().anyMatch(group -> artifact.groupId().equals(group)
                    || artifact.groupId().startsWith(group + "."))) {
                offenders.add(name + ": an engine of another backend");
            } else if (LEFT_OUT.contains(name)) {
                offenders.add(name + ": a history database driver, left out of the bundle");
            } else if (artifact.scope().equals("test") || artifact.type().equals("test-jar")) {
                offenders.add(name + ": a test jar (" + artifact.scope() + " scope)");
            }
            if (!seen.add(name)) {
                offenders.add(name + ": listed twice");
            }
        }
        return offenders;
    }

    private static List<ResolvedArtifact> list(String name) throws IOException {
        Path file = LISTS.resolve(name);
        assertTrue(Files.isRegularFile(file), file + " is missing: the module's build writes it (dependency:list)");
        return ResolvedArtifact.read(file);
    }

    private static Set<String> coordinates(List<ResolvedArtifact> artifacts) {
        Set<String> names = new HashSet<>();
        artifacts.forEach(artifact -> names.add(artifact.coordinates()));
        return names;
    }

    private static ResolvedArtifact artifact(String group, String artifact, String classifier, String scope) {
        String type = classifier.equals("tests") ? "test-jar" : "jar";
        return new ResolvedArtifact(group, artifact, type, classifier, "1", scope,
                Path.of("/planted/" + artifact + ".jar"));
    }
}
