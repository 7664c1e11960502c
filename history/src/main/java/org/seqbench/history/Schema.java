package org.seqbench.history;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The history's tables, created and evolved by Flyway: version 1 from {@code db/history/V1__runs_and_cells.sql},
 * version 2 by {@link BackendsMigration}, version 3 by {@link MediansMigration}. Flyway records what ran in {@value #HISTORY_TABLE}, so a history written
 * by an older seqbench is brought up to date when a newer one opens it.
 */
final class Schema {
    /** Flyway's own table, named for seqbench so that it is recognisable in a shared PostgreSQL database. */
    static final String HISTORY_TABLE = "seqbench_schema_history";

    private Schema() {
    }

    /** Flyway for {@code source}, migrating up to {@code target}: the newest version, or an older one for tests. */
    static Flyway flyway(DataSource source, MigrationVersion target) {
        return Flyway.configure(Schema.class.getClassLoader())
                .dataSource(source)
                .locations("classpath:db/history")
                .javaMigrations(new BackendsMigration(), new MediansMigration())
                .table(HISTORY_TABLE)
                .failOnMissingLocations(true)
                .target(target)
                .load();
    }

    /**
     * Brings the database to the newest schema.
     *
     * @param mustExist refuse a database that holds no history yet, rather than creating one
     * @throws HistoryException for a schema newer than this code knows (a newer seqbench wrote it), for a database
     *     without a history when {@code mustExist}, and for whatever Flyway or the driver refuse
     */
    static void migrate(DataSource source, HistoryLocation where, boolean mustExist) throws HistoryException {
        Flyway flyway = flyway(source, MigrationVersion.LATEST);
        try {
            MigrationInfoService info = flyway.info();
            Optional<MigrationInfo> newer = Arrays.stream(info.all()).filter(Schema::future)
                    .max(Comparator.comparing(MigrationInfo::getVersion));
            if (newer.isPresent()) {
                MigrationVersion newest = Arrays.stream(info.all()).filter(migration -> !future(migration))
                        .map(MigrationInfo::getVersion).max(Comparator.naturalOrder()).orElseThrow();
                throw new HistoryException("the history at " + where + " was written by a newer seqbench (schema "
                        + "version " + newer.get().getVersion() + "; this seqbench knows versions 1 to " + newest
                        + "): use that seqbench or a later one");
            }
            if (mustExist && info.applied().length == 0) {
                throw new HistoryException("no seqbench history at " + where + " (nothing was recorded there yet: "
                        + "seqbench history record RUN_DIR --db " + where + " starts one)");
            }
            flyway.migrate();
        } catch (FlywayException e) {
            throw Failures.ofMigration(where, e);
        }
    }

    /** Applied to the database, but unknown to this seqbench: written by a newer one. */
    private static boolean future(MigrationInfo migration) {
        return migration.getState() == MigrationState.FUTURE_SUCCESS
                || migration.getState() == MigrationState.FUTURE_FAILED;
    }
}
