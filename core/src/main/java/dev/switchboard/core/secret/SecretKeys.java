package dev.switchboard.core.secret;

import dev.switchboard.core.config.HostConfig;
import dev.switchboard.core.store.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the key for secrets at rest, in this order: {@code SWITCHBOARD_SECRET_KEY} (base64), the file named by
 * {@code --secret-key-file}, else {@code DATA_DIR/secret.key}, generated (mode 0600, the directory 0700) on the
 * first start. Every node of a PostgreSQL deployment needs the same key.
 */
public final class SecretKeys {
    static final String DEFAULT_FILE = "secret.key";
    private static final Logger LOG = LoggerFactory.getLogger(SecretKeys.class);

    private SecretKeys() { }

    /** The key as a box, or a {@link SecretKeyException} saying what is wrong with the one configured. */
    public static SecretBox load(HostConfig config) {
        if (config.secretKey() != null && !config.secretKey().isBlank()) {
            return new SecretBox(decode(config.secretKey(), "SWITCHBOARD_SECRET_KEY"));
        }
        if (config.secretKeyFile() != null) {
            Path file = config.secretKeyFile();
            if (!Files.isRegularFile(file)) {
                throw new SecretKeyException("--secret-key-file " + file + " does not exist; restore the key file "
                        + "(the stored app secrets cannot be read without it)");
            }
            return new SecretBox(decode(read(file), "the key file " + file));
        }
        Path file = config.dataDir().resolve(DEFAULT_FILE);
        if (Files.isRegularFile(file)) {
            return new SecretBox(decode(read(file), "the key file " + file));
        }
        return new SecretBox(generate(config, file));
    }

    private static byte[] generate(HostConfig config, Path file) {
        PrivateFiles.directory(config.dataDir());
        PrivateFiles.file(file);
        byte[] key = SecretBox.newKey();
        try {
            Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the secret key file " + file, e);
        }
        if (config.usesExternalDatabase()) {
            LOG.warn("Generated a secret key in {}: every node sharing this database needs the same key "
                    + "(--secret-key-file or SWITCHBOARD_SECRET_KEY); back it up", file.toAbsolutePath());
        } else {
            LOG.info("Generated a secret key in {}: back it up with the database; app secrets cannot be read "
                    + "without it", file.toAbsolutePath());
        }
        return key;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new SecretKeyException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] decode(String base64, String where) {
        try {
            byte[] key = Base64.getDecoder().decode(base64.strip());
            if (key.length == SecretBox.KEY_BYTES) {
                return key;
            }
        } catch (IllegalArgumentException notBase64) {
            // same message as a wrong length
        }
        throw new SecretKeyException(where + " does not hold a base64 AES-256 key (32 bytes); make one with "
                + "`openssl rand -base64 32`");
    }
}
