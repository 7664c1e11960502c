package org.seqbench.history;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Held while a SQLite history is created or migrated. Flyway locks nothing across processes on SQLite: two processes
 * creating one fresh file would both run V1. An OS file lock on the sibling {@code <file>.lock} makes them take
 * turns (the second then finds the schema in place); a lock per file within this JVM comes first, because the OS
 * lock belongs to the process and a second thread taking it would fail instead of waiting. PostgreSQL needs neither:
 * Flyway takes an advisory lock there.
 */
final class MigrationLock implements AutoCloseable {
    private static final Map<Path, ReentrantLock> WITHIN_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock threads;
    private final FileChannel channel;
    private final FileLock processes;

    private MigrationLock(ReentrantLock threads, FileChannel channel, FileLock processes) {
        this.threads = threads;
        this.channel = channel;
        this.processes = processes;
    }

    /** Waits for and takes the lock of {@code where}'s file, creating its folders; a no-op lock for PostgreSQL. */
    static MigrationLock take(HistoryLocation where) throws HistoryException {
        Path lockFile = where.lockFile();
        if (lockFile == null) {
            return new MigrationLock(null, null, null);
        }
        if (Files.isDirectory(where.file())) {
            throw new HistoryException(where + " is a folder; give a file for the history, such as "
                    + where.file().resolve("history.db"));
        }
        ReentrantLock threads = WITHIN_JVM.computeIfAbsent(lockFile, file -> new ReentrantLock());
        threads.lock();
        try {
            Files.createDirectories(lockFile.getParent());
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new MigrationLock(threads, channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            threads.unlock();
            throw new HistoryException("cannot open the history at " + where + ": cannot create or lock "
                    + lockFile + " (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            threads.unlock();
            throw e;
        }
    }

    @Override
    public void close() {
        if (threads == null) {
            return;
        }
        try {
            processes.release();
            channel.close();
        } catch (IOException e) {
            // Closing the channel releases the lock in any case; nothing was written through it.
        } finally {
            threads.unlock();
        }
    }
}
