package org.seqbench.harness;

import org.seqbench.harness.cli.SeqbenchCommand;

/** Entry point of the {@code seqbench} launcher. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(SeqbenchCommand.execute(System.out, System.err, args));
    }
}
