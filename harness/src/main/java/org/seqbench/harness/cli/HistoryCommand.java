package org.seqbench.harness.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code seqbench history}: the results database, one subcommand per thing done with it. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Record runs in a results database, list them, show cells' trends and find where they changed "
                + "(SQLite file by default, or PostgreSQL).",
                "Several processes may record into one history at once."},
        subcommands = {HistoryRecordCommand.class, HistoryListCommand.class, HistoryTrendCommand.class,
                HistoryChangesCommand.class})
final class HistoryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
