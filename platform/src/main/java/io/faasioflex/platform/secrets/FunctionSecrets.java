package io.faasioflex.platform.secrets;

import io.faasioflex.platform.function.FunctionSpec;
import io.faasioflex.platform.instance.SecretSource;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secrets of functions: sealed with a master key before they reach the {@code faas_secrets} bucket, listed by
 * name only, and opened for nobody but the instances of their own function (as {@link SecretSource}). Values never
 * appear in logs, exceptions or API responses.
 */
@Singleton
public final class FunctionSecrets implements SecretSource {

    /** A secret name: also its file name under {@code /run/secrets} and a token of its KV key. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    private static final Logger LOG = LoggerFactory.getLogger(FunctionSecrets.class);

    private final SecretStore store;
    private final SecretCipher cipher;
    private final SecretsProperties properties;

    FunctionSecrets(SecretStore store, SecretsProperties properties) {
        this.store = store;
        this.properties = properties;
        this.cipher = SecretKeys.cipher(properties);
        if (!cipher.configured()) {
            LOG.warn("no secrets key is configured: functions cannot be given secrets (set faas.secrets.keys or"
                    + " faas.secrets.key-file)");
        }
    }

    /** Seals and stores {@code value} under the function's secret {@code name}, replacing any earlier value. */
    public void write(String namespace, String function, String name, byte[] value) {
        String key = SecretStore.key(namespace, function, requireName(name));
        store.put(key, cipher.seal(key, value));
        LOG.info("secret written function={}/{} secret={} key={}", namespace, function, name, cipher.activeKeyId());
    }

    /** The names of the function's secrets, sorted. */
    public List<String> names(String namespace, String function) {
        return store.names(namespace, function);
    }

    /** Removes the secret; false when the function had no secret of that name. */
    public boolean delete(String namespace, String function, String name) {
        boolean deleted = store.purge(SecretStore.key(namespace, function, requireName(name)));
        LOG.info("secret deleted function={}/{} secret={} existed={}", namespace, function, name, deleted);
        return deleted;
    }

    /** Opens every secret of the function, for the files of one of its instances. */
    @Override
    public Map<String, byte[]> secretsOf(FunctionSpec spec) {
        Map<String, byte[]> opened = new LinkedHashMap<>();
        for (String name : names(spec.namespace(), spec.name())) {
            String key = SecretStore.key(spec.namespace(), spec.name(), name);
            store.get(key).ifPresent(stored -> opened.put(name, cipher.open(key, stored)));
        }
        return opened;
    }

    /** The memory-backed host directory that holds the secret files of running instances. */
    public Path hostDir() {
        return Path.of(properties.hostDir());
    }

    public int maxValueBytes() {
        return properties.maxValueBytes();
    }

    static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidSecretNameException(
                    "a secret name is letters, digits, '_' and '-', starting with a letter or digit, at most 63");
        }
        return name;
    }

    /** A secret name that cannot be a file name and KV token. */
    static final class InvalidSecretNameException extends SecretException {
        InvalidSecretNameException(String message) {
            super(message);
        }
    }
}
