package org.seqbench.history;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A schema version written in Java, where rows already recorded are filled in from their stored run. It implements
 * {@link JavaMigration} itself rather than extending Flyway's base class, which takes the version from a class name of
 * the form {@code V2__Run_backends}.
 */
abstract class SeqbenchMigration implements JavaMigration {
    private final MigrationVersion version;
    private final String description;

    SeqbenchMigration(String version, String description) {
        this.version = MigrationVersion.fromVersion(version);
        this.description = description;
    }

    @Override
    public final MigrationVersion getVersion() {
        return version;
    }

    @Override
    public final String getDescription() {
        return description;
    }

    /** None: unlike an SQL file's, a Java migration's text is not checksummed. */
    @Override
    public final Integer getChecksum() {
        return null;
    }

    @Override
    public final boolean canExecuteInTransaction() {
        return true;
    }
}
