package org.seqbench.history;

import java.nio.file.Path;

/** The two databases a history runs on, for tests parameterised over both. */
enum Databases {
    SQLITE, POSTGRESQL;

    /** A new, empty history's location: a file in {@code folder}, or a new database on {@code postgres}. */
    String newLocation(Path folder, LocalPostgres postgres, String name) {
        return switch (this) {
            case SQLITE -> folder.resolve(name + ".db").toString();
            case POSTGRESQL -> postgres.newDatabase();
        };
    }
}
