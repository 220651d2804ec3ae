package io.betterccflare.cli;

import io.betterccflare.app.Version;
import io.betterccflare.cluster.Instances;
import io.betterccflare.config.Config;
import io.betterccflare.config.ConfigException;
import io.betterccflare.config.ConfigLoader;
import io.betterccflare.encryption.EncryptionKey;
import io.betterccflare.store.Database;
import io.betterccflare.store.SecretsAtRest;
import java.util.List;

/**
 * {@code --rotate-encryption-key} and {@code --decrypt-secrets} (issue 15 part 5). The database is opened with the
 * current key ({@code BETTER_CCFLARE_ENCRYPTION_KEY} or {@code _FILE}; a clear database is first sealed with it),
 * then every secret is re-sealed with the new key ({@code BETTER_CCFLARE_NEW_ENCRYPTION_KEY} or {@code _FILE}), or
 * stored clear, in one transaction. Refused while a server runs on the database: it would go on reading and
 * writing with the old key. Prints what to change in the configuration. Not thread-safe; one call per command.
 */
final class EncryptionCommands {
    private final CliIo io;

    EncryptionCommands(CliIo io) {
        this.io = io;
    }

    int run(Config config, boolean decrypt) {
        EncryptionKey next = decrypt ? null : ConfigLoader.encryptionKey(io.env(), ConfigLoader.NEW_KEY_VARIABLE);
        EncryptionKey current = config.storage().encryptionKey();
        if (!decrypt && next == null) {
            throw new ConfigException("--rotate-encryption-key needs the new key in " + ConfigLoader.NEW_KEY_VARIABLE
                    + " or " + ConfigLoader.NEW_KEY_VARIABLE + "_FILE (make one with: openssl rand -base64 32)");
        }
        if (next != null && current != null && next.id().equals(current.id())) {
            throw new ConfigException("The new key is the current key (" + current.id() + "): nothing to rotate");
        }
        try (Database database = Database.open(config.storage())) {
            List<Instances.Instance> live = new Instances(database, Version.VALUE, io.clock()).live();
            if (!live.isEmpty()) {
                throw new IllegalStateException(live.size() + " server(s) are running on " + database.description() + " ("
                        + String.join(", ", live.stream().map(i -> i.id() + (i.host() == null ? "" : "@" + i.host())).toList())
                        + "): stop them first, they would go on using the old key");
            }
            SecretsAtRest.Conversion done = SecretsAtRest.convert(database, next,
                    config.storage().postgres() ? null : config.storage().sqlitePath());
            report(done);
        }
        return 0;
    }

    private void report(SecretsAtRest.Conversion done) {
        String from = done.fromKeyId() == null ? "clear" : "key " + done.fromKeyId();
        String to = done.toKeyId() == null ? "clear" : "key " + done.toKeyId();
        io.out().println("Converted " + done.values() + " stored secret(s) from " + from + " to " + to
                + (done.backups().isEmpty() ? "" : ", and " + done.backups().size() + " backup file(s)"));
        if (done.toKeyId() == null) {
            io.out().println("Secrets are now stored clear. Remove " + ConfigLoader.KEY_VARIABLE + " and "
                    + ConfigLoader.KEY_VARIABLE + "_FILE from the configuration before the next start:"
                    + " with a key set, the next start encrypts them again.");
        } else {
            io.out().println("Now give the servers the new key: set " + ConfigLoader.KEY_VARIABLE + " to the value of "
                    + ConfigLoader.NEW_KEY_VARIABLE + " (or point " + ConfigLoader.KEY_VARIABLE + "_FILE at its file),"
                    + " then unset " + ConfigLoader.NEW_KEY_VARIABLE + ". The old key no longer opens this database.");
        }
    }
}
