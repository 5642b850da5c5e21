package io.firefly.operator.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A program the example checks run (kubectl, cfn-lint, python3), found on the PATH. */
record ExternalCommand(List<String> argv) {

    /** What the program printed and how it ended. */
    record Result(List<String> argv, int exitCode, String stdout, String stderr) {
        boolean succeeded() {
            return exitCode == 0;
        }

        /** The command line and both streams, for a failure message a person can act on. */
        String describe() {
            return String.join(" ", argv) + " exited with " + exitCode
                    + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    static ExternalCommand of(String... argv) {
        return new ExternalCommand(List.of(argv));
    }

    /** The executable named {@code program} in the first PATH directory that has one. */
    static Optional<Path> onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }

    Result run(Path workingDirectory, Duration timeout) {
        Path stdout = null;
        Path stderr = null;
        try {
            // Output goes to files, not pipes: a program that prints a lot can never block on a full
            // pipe, and the timeout holds even if it hangs without closing its output.
            stdout = Files.createTempFile("command-", ".out");
            stderr = Files.createTempFile("command-", ".err");
            Process process = new ProcessBuilder(argv).directory(workingDirectory.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                    .start();
            process.getOutputStream().close(); // no input: a program that reads stdin sees its end at once
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", argv) + " did not finish within " + timeout);
            }
            return new Result(argv, process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", argv), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", argv), e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                file.toFile().deleteOnExit(); // a leftover temporary file must not fail a check
            }
        }
    }
}
