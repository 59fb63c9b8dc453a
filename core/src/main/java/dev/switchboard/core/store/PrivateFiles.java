package dev.switchboard.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only the host's user may read: the data directory (0700), the database files and the secret key (0600).
 * On a file system without POSIX permissions they are created with its defaults.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() { }

    /** Creates {@code dir} (and missing parents) with mode 0700 for the last one; an existing one is kept as is. */
    public static void directory(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                return;
            }
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (posix(dir.toAbsolutePath().getParent())) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException raced) {
            // made meanwhile: kept as is
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create data directory " + dir, e);
        }
    }

    /** Creates {@code file} empty with mode 0600 unless it exists; an existing one is made 0600. */
    public static void file(Path file) {
        try {
            if (!posix(file.toAbsolutePath().getParent())) {
                return;
            }
            if (!Files.exists(file)) {
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
                } catch (FileAlreadyExistsException raced) {
                    // made meanwhile: tightened below
                }
            }
            Files.setPosixFilePermissions(file, FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make " + file + " private (mode 0600)", e);
        }
    }

    /** Makes {@code file} 0600 if it exists (e.g. a database's WAL left by an earlier version). */
    public static void tightenIfPresent(Path file) {
        if (Files.exists(file)) {
            file(file);
        }
    }

    private static boolean posix(Path dir) {
        return dir != null && Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class)
                != null;
    }
}
