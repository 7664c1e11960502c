package org.seqbench.harness.cli;

import java.io.IOException;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.history.HistoryException;
import org.seqbench.history.HistoryStore;
import picocli.CommandLine.Option;

/**
 * {@code --db LOCATION}, shared by the history commands: the history they work on, opened and closed around their
 * work, its failures (a bad location, an unreachable server, a newer schema) the user's, reported in one line with
 * status 2.
 */
final class HistoryDatabase {
    /** Beside the runs {@code seqbench run} writes by default, relative to the working directory. */
    static final String DEFAULT = "runs/history.db";

    @Option(names = "--db", paramLabel = "LOCATION", defaultValue = DEFAULT,
            description = "The history: a SQLite file (default ${DEFAULT-VALUE}) or a JDBC URL, "
                    + "jdbc:postgresql://HOST[:PORT]/DATABASE?user=NAME&password=SECRET.")
    String location;

    /** What a command does with the open history. */
    interface Work<T> {
        T apply(HistoryStore store) throws HistoryException, IOException;
    }

    /** Opens the history, creating it if there is none, for {@code work}. */
    <T> T write(Work<T> work) throws IOException {
        try (HistoryStore store = HistoryStore.open(location)) {
            return work.apply(store);
        } catch (HistoryException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** Opens the history for {@code work}, refusing one that does not exist rather than creating it. */
    <T> T read(Work<T> work) throws IOException {
        try (HistoryStore store = HistoryStore.openExisting(location)) {
            return work.apply(store);
        } catch (HistoryException e) {
            throw new UserError(e.getMessage());
        }
    }
}
