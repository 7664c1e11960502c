package org.seqbench.harness.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Says in words what an I/O failure was, instead of the exception's class name. */
final class IoErrors {
    private IoErrors() {
    }

    static String describe(IOException error) {
        return switch (error) {
            case AccessDeniedException e -> "permission denied";
            case NoSuchFileException e -> "no such file or directory";
            case FileAlreadyExistsException e -> "it already exists";
            case NotDirectoryException e -> "a part of the path is not a directory";
            case FileSystemException e when e.getReason() != null -> e.getReason();
            default -> error.getMessage() == null ? "input/output error" : error.getMessage();
        };
    }
}
