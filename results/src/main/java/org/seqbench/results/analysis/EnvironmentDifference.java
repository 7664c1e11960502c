package org.seqbench.results.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.seqbench.results.Environment;

/**
 * How the machines and software of two runs differ, for a comparison of them. A different CPU model or core count
 * makes every ratio a comparison of machines rather than of code, so those are the {@link #refusing} differences
 * (a comparison goes ahead only when the user asks for one across machines); a different engine version, engine
 * setting ("onnx.optimization=all -> disabled"), JVM, thread setting or seqbench commit is what users compare on
 * purpose, so those are stated, not refused.
 *
 * @param refusing the differences that make the runs not comparable by default, as "CPU: X -> Y"
 * @param stated the differences a comparison states at its top, as "onnx 1.29.0 -> 1.30.0"
 */
public record EnvironmentDifference(List<String> refusing, List<String> stated) {

    public EnvironmentDifference {
        refusing = List.copyOf(refusing);
        stated = List.copyOf(stated);
    }

    /** Whether the runs were measured on comparable machines. */
    public boolean sameMachine() {
        return refusing.isEmpty();
    }

    /** The differences between {@code baseline}'s environment and {@code current}'s. */
    public static EnvironmentDifference of(Environment baseline, Environment current) {
        List<String> refusing = new ArrayList<>();
        differs(refusing, "CPU", baseline.cpuModel(), current.cpuModel());
        differs(refusing, "logical cores", String.valueOf(baseline.logicalCores()),
                String.valueOf(current.logicalCores()));
        List<String> stated = new ArrayList<>();
        Map<String, Environment.BackendInfo> before = byId(baseline.backends());
        Map<String, Environment.BackendInfo> after = byId(current.backends());
        for (String id : new TreeSet<>(union(before.keySet(), after.keySet()))) {
            Environment.BackendInfo was = before.get(id);
            Environment.BackendInfo is = after.get(id);
            if (was == null || is == null) {
                stated.add(id + (was == null ? " only in the current run" : " only in the baseline"));
            } else {
                differs(stated, id, was.engineVersion(), is.engineVersion(), " ");
                differs(stated, id + " device", was.device(), is.device());
                // A record from before engine settings holds none: nothing to tell, not "(none) -> default".
                if (!was.settings().isEmpty() && !is.settings().isEmpty()) {
                    for (String key : new TreeSet<>(union(was.settings().keySet(), is.settings().keySet()))) {
                        differs(stated, id + "." + key, was.settings().get(key), is.settings().get(key), "=");
                    }
                }
            }
        }
        differs(stated, "JVM", baseline.jvm(), current.jvm());
        differs(stated, "OS", baseline.os(), current.os());
        differs(stated, "seqbench", describe(baseline), describe(current), " ");
        for (String variable : new TreeSet<>(union(baseline.threadEnvironment().keySet(),
                current.threadEnvironment().keySet()))) {
            differs(stated, variable, baseline.threadEnvironment().get(variable),
                    current.threadEnvironment().get(variable), "=");
        }
        return new EnvironmentDifference(refusing, stated);
    }

    private static void differs(List<String> into, String what, String before, String after) {
        differs(into, what, before, after, ": ");
    }

    private static void differs(List<String> into, String what, String before, String after, String joiner) {
        if (!Objects.equals(before, after)) {
            into.add(what + joiner + shown(before) + " -> " + shown(after));
        }
    }

    private static String shown(String value) {
        return value == null ? "(none)" : value;
    }

    private static String describe(Environment environment) {
        return environment.seqbenchVersion()
                + (environment.gitCommit() == null ? "" : " (" + environment.gitCommit() + ")");
    }

    private static Map<String, Environment.BackendInfo> byId(List<Environment.BackendInfo> backends) {
        Map<String, Environment.BackendInfo> byId = new LinkedHashMap<>();
        backends.forEach(backend -> byId.put(backend.id(), backend));
        return byId;
    }

    private static java.util.Set<String> union(java.util.Set<String> first, java.util.Set<String> second) {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(first);
        all.addAll(second);
        return all;
    }
}
