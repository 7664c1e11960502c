package org.seqbench.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One line of a {@code dependency:list} file written with {@code outputAbsoluteArtifactFilename}:
 * {@code group:artifact:type[:classifier]:version:scope:/absolute/file}, optionally followed by the module name
 * ({@code -- module name [auto]}) and {@code (optional)}.
 *
 * @param file the jar, or a reactor module's classes directory when the list was written before packaging
 */
record ResolvedArtifact(String groupId, String artifactId, String type, String classifier, String version,
        String scope, Path file) {

    /** The service file through which a backend registers its provider. */
    static final String PROVIDER_SERVICE = "META-INF/services/org.seqbench.spi.BackendProvider";

    /** {@code group:artifact}, with {@code :classifier} where there is one. */
    String coordinates() {
        return groupId + ":" + artifactId + (classifier.isEmpty() ? "" : ":" + classifier);
    }

    /** The artifacts a list file names; a line that is neither an artifact nor the plugin's framing fails. */
    static List<ResolvedArtifact> read(Path list) throws IOException {
        List<ResolvedArtifact> artifacts = new ArrayList<>();
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            String text = line.strip();
            if (text.isEmpty() || text.equals("none") || text.startsWith("The following files have been resolved")) {
                continue;
            }
            artifacts.add(parse(text));
        }
        return artifacts;
    }

    /** Parses one artifact line (without its leading blanks). */
    static ResolvedArtifact parse(String line) {
        String text = line;
        int module = text.indexOf(" -- ");
        if (module >= 0) {
            text = text.substring(0, module);
        }
        text = text.replace(" (optional)", "").strip();
        int path = text.indexOf(":/");
        String[] fields = (path < 0 ? text : text.substring(0, path)).split(":");
        if (path < 0 || (fields.length != 5 && fields.length != 6)) {
            throw new IllegalArgumentException("not a dependency:list line with an absolute file name "
                    + "(group:artifact:type[:classifier]:version:scope:/file): '" + line + "'");
        }
        boolean classified = fields.length == 6;
        return new ResolvedArtifact(fields[0], fields[1], fields[2], classified ? fields[3] : "",
                fields[classified ? 4 : 3], fields[classified ? 5 : 4], Path.of(text.substring(path + 1)));
    }

    /** The provider classes this artifact registers in {@link #PROVIDER_SERVICE}; none when it has no such file. */
    List<String> registeredProviders() throws IOException {
        if (Files.isDirectory(file)) {
            Path service = file.resolve(PROVIDER_SERVICE);
            return Files.exists(service) ? providers(Files.readString(service, StandardCharsets.UTF_8)) : List.of();
        }
        try (ZipFile jar = new ZipFile(file.toFile())) {
            ZipEntry service = jar.getEntry(PROVIDER_SERVICE);
            if (service == null) {
                return List.of();
            }
            try (InputStream in = jar.getInputStream(service)) {
                return providers(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    /** The class names of a service file: one a line, {@code #} starting a comment. */
    private static List<String> providers(String serviceFile) {
        return serviceFile.lines().map(entry -> entry.replaceFirst("#.*", "").strip())
                .filter(entry -> !entry.isEmpty()).toList();
    }
}
