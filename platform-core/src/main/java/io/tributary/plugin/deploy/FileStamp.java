package io.tributary.plugin.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Size, modification time and file key (inode) of a file: when any of them changes, the file
 * was rewritten or replaced; while they stay the same across a pause, a copy has finished.
 */
record FileStamp(long size, long modifiedMillis, Object fileKey) {
    /** The stamp of a regular file, or empty when there is none (deleted meanwhile, a directory). */
    static Optional<FileStamp> of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.isRegularFile()
                    ? Optional.of(new FileStamp(a.size(), a.lastModifiedTime().toMillis(), a.fileKey()))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
