package org.seqbench.harness.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.results.RunRecord;
import org.seqbench.results.RunRecordFiles;

/** Run records the user names on the command line. */
final class Records {
    private Records() {
    }

    /**
     * The record at {@code path}.
     *
     * @throws UserError when there is none or it is no valid record
     */
    static RunRecord read(Path path) throws IOException {
        try {
            return RunRecordFiles.read(path);
        } catch (IllegalArgumentException e) {
            // RunRecordFiles.read says so, naming the path, when the user's file is no run record; it runs no backend.
            throw new UserError(e.getMessage());
        }
    }
}
