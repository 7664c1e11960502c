package org.seqbench.history;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which recorded runs a list or trend takes; a null field matches every run.
 *
 * @param branch the branch runs were recorded under, exactly
 * @param machine a part of the hostname or of the CPU model, in any case ({@code epyc} matches "AMD EPYC 9R45")
 * @param backendVersion {@code ID=VERSION}: runs where backend ID's engine version, or a word of it, is VERSION or
 *     starts with it at a component boundary ({@code onnx=1.29} matches 1.29.0 and 1.29.1, not 1.290;
 *     {@code djl=0.36} and {@code djl=2.7} both match djl's "PyTorch 2.7.1 (DJL 0.36.0)")
 * @param limit at most this many runs, the newest; 0 for all
 */
public record RunQuery(String branch, String machine, String backendVersion, int limit) {
    /** The form {@link #backendVersion} takes, for messages. */
    public static final String BACKEND_VERSION_FORM = "ID=VERSION, e.g. onnx=1.29.0 or onnx=1.29";

    /** What separates the words of an engine version that names several ("PyTorch 2.7.1 (DJL 0.36.0)"). */
    private static final Pattern WORDS = Pattern.compile("[\\s()\\[\\],;]+");

    /** @throws IllegalArgumentException naming a malformed {@code backendVersion} or a negative limit */
    public RunQuery {
        if (backendVersion != null) {
            int equals = backendVersion.indexOf('=');
            if (equals <= 0 || equals == backendVersion.length() - 1 || backendVersion.indexOf('=', equals + 1) >= 0
                    || !backendVersion.equals(backendVersion.strip())) {
                throw new IllegalArgumentException("'" + backendVersion + "' is not a backend version; accepted: "
                        + BACKEND_VERSION_FORM);
            }
        }
        if (limit < 0) {
            throw new IllegalArgumentException("a limit of " + limit + " runs; accepted: a positive count, or 0 for "
                    + "all");
        }
    }

    /** Every run. */
    public static RunQuery all() {
        return new RunQuery(null, null, null, 0);
    }

    /** The runs of {@code branch}. */
    public static RunQuery onBranch(String branch) {
        return new RunQuery(branch, null, null, 0);
    }

    /** Whether {@code run} passes the machine and backend-version filters (the branch is the database's to filter). */
    boolean matches(StoredRun run) {
        return matchesMachine(run) && matchesBackendVersion(run);
    }

    private boolean matchesMachine(StoredRun run) {
        if (machine == null) {
            return true;
        }
        String part = machine.toLowerCase(Locale.ROOT);
        return contains(run.hostname(), part) || contains(run.cpuModel(), part);
    }

    private static boolean contains(String text, String lowerCasePart) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(lowerCasePart);
    }

    private boolean matchesBackendVersion(StoredRun run) {
        if (backendVersion == null) {
            return true;
        }
        int equals = backendVersion.indexOf('=');
        String version = run.engineVersions().get(backendVersion.substring(0, equals));
        if (version == null) {
            return false;
        }
        String prefix = backendVersion.substring(equals + 1);
        return isVersionPrefix(prefix, version) || Arrays.stream(WORDS.split(version))
                .anyMatch(word -> isVersionPrefix(prefix, word));
    }

    /** "1.29" of "1.29.0" and of "1.29", not of "1.290": a prefix that ends where a version component does. */
    private static boolean isVersionPrefix(String prefix, String version) {
        if (!version.startsWith(prefix)) {
            return false;
        }
        return version.length() == prefix.length() || !Character.isLetterOrDigit(prefix.charAt(prefix.length() - 1))
                || !Character.isLetterOrDigit(version.charAt(prefix.length()));
    }
}
