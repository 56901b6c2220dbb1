package dev.taskcast.example.hook;

import dev.taskcast.api.Task;
import dev.taskcast.api.TaskError;
import dev.taskcast.spi.TaskcastHooks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends one line per failed task and per SSE connection to a file. */
final class FileLogHooks implements TaskcastHooks {
    private final Path file;

    FileLogHooks(Path file) {
        this.file = file;
    }

    @Override
    public void onTaskFailed(Task task, TaskError error) {
        append("taskFailed " + task.id() + " " + error.message());
    }

    @Override
    public void onSSEConnect(String taskId, String clientId) {
        append("sseConnect " + taskId);
    }

    private synchronized void append(String line) {
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
