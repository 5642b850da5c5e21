package io.firefly.offlineaws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The AWS CLI as a subprocess against an offline AWS: test credentials (or the temporary ones of a role
 * session), the offline region, no user configuration, and {@code --endpoint-url} on every command.
 */
public final class AwsCli {

    private static final long TIMEOUT_SECONDS = 180;

    /** What a command printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {

        public String output() {
            return stdout + stderr;
        }
    }

    private final OfflineAws aws;
    private final Path workDir;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;

    public AwsCli(OfflineAws aws, Path workDir) {
        this(aws, workDir, "test", "test", null);
    }

    private AwsCli(OfflineAws aws, Path workDir, String accessKeyId, String secretAccessKey, String sessionToken) {
        this.aws = aws;
        this.workDir = workDir;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
    }

    /** The CLI with temporary credentials in its environment, as after {@code aws sts assume-role}. */
    public AwsCli withSession(String accessKeyId, String secretAccessKey, String sessionToken) {
        return new AwsCli(aws, workDir, accessKeyId, secretAccessKey, sessionToken);
    }

    /** Runs {@code aws <args> --endpoint-url <offline endpoint>}. */
    public Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add("aws");
        command.addAll(List.of(args));
        command.add("--endpoint-url");
        command.add(aws.endpoint().toString());
        return exec(command);
    }

    /** Writes a file into the working directory, e.g. a template for {@code file://}. */
    public Path write(String name, String content) {
        try {
            return Files.writeString(workDir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Result exec(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", accessKeyId);
        env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
        env.put("AWS_DEFAULT_REGION", aws.region());
        env.put("AWS_CONFIG_FILE", workDir.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", workDir.resolve("no-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.remove("AWS_PROFILE");
        env.remove("AWS_SESSION_TOKEN");
        if (sessionToken != null) {
            env.put("AWS_SESSION_TOKEN", sessionToken);
        }
        try {
            Path out = Files.createTempFile(workDir, "stdout", ".txt");
            Path err = Files.createTempFile(workDir, "stderr", ".txt");
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + TIMEOUT_SECONDS + " s: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
