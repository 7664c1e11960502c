package org.seqbench.harness.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.seqbench.results.SweepSpec;

/**
 * The named sweeps of {@code seqbench run --profile}: the {@code .yaml} files in {@value #FOLDER} on the class path,
 * each read like a {@code --config} file (see {@link SweepFiles}), named after its file. Adding a profile is adding
 * a file.
 */
public final class Profiles {
    public static final String DEFAULT = "quick";

    private static final String FOLDER = "org/seqbench/harness/profiles/";
    private static final String SUFFIX = ".yaml";

    private Profiles() {
    }

    /**
     * The profile called {@code name}.
     *
     * @throws UserError naming the accepted profiles
     */
    public static SweepSpec named(String name) {
        List<String> names = resourceNames();
        if (!names.contains(name)) {
            throw new UserError("unknown profile '" + name + "'; accepted: " + String.join(", ", names()));
        }
        return read(name);
    }

    /** The profiles' names, from the quickest to the longest (cells per backend times seconds per cell). */
    public static List<String> names() {
        return resourceNames().stream().map(Profiles::read)
                .sorted(Comparator.comparingDouble(Profiles::seconds).thenComparing(SweepSpec::profile))
                .map(SweepSpec::profile).toList();
    }

    private static double seconds(SweepSpec sweep) {
        long cells = (long) sweep.kinds().size() * sweep.seqLens().size() * sweep.batches().size()
                * sweep.hiddenSizes().size() * sweep.layers().size() * sweep.threads().size()
                * sweep.arithmetic().size();
        return cells * sweep.measurement().secondsPerCell();
    }

    private static SweepSpec read(String name) {
        try (InputStream in = Profiles.class.getClassLoader().getResourceAsStream(FOLDER + name + SUFFIX);
                Reader text = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return SweepFiles.profile(name, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The profile files present: in a directory when run from the build, in the jar when installed. */
    private static List<String> resourceNames() {
        URL folder = Profiles.class.getClassLoader().getResource(FOLDER);
        if (folder == null) {
            throw new IllegalStateException("seqbench is built without its profiles: no " + FOLDER + " on the class "
                    + "path");
        }
        try {
            URI uri = folder.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return list(Path.of(uri));
            }
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return list(jar.provider().getPath(uri));
            } catch (FileSystemAlreadyExistsException e) {
                return list(FileSystems.getFileSystem(uri).provider().getPath(uri));
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the profiles' folder has no valid URI: " + folder, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).filter(file -> file.endsWith(SUFFIX))
                    .map(file -> file.substring(0, file.length() - SUFFIX.length())).sorted().toList();
        }
    }
}
