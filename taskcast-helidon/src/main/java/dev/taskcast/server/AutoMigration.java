package dev.taskcast.server;

import dev.taskcast.engine.config.AdapterSelection;
import dev.taskcast.spi.SchemaMigrator;
import java.util.List;
import java.util.Optional;

/** {@code TASKCAST_AUTO_MIGRATE} (config-cli.md §4.3): migrate before the store is created and HTTP is bound. */
final class AutoMigration {
    private AutoMigration() {
    }

    static void run(AdapterProviders providers, AdapterSelection longTerm) {
        if (longTerm == null) {
            System.err.println("[taskcast] TASKCAST_AUTO_MIGRATE is set but no Postgres configured \u2014 skipping");
            return;
        }
        Optional<SchemaMigrator> found = providers.longTermMigrator(longTerm);
        if (found.isEmpty()) {
            return;
        }
        try (SchemaMigrator migrator = found.get()) {
            System.err.println("[taskcast] TASKCAST_AUTO_MIGRATE enabled \u2014 running Postgres migrations on "
                    + migrator.target());
            List<String> applied = migrator.apply();
            if (applied.isEmpty()) {
                System.err.println("[taskcast] Database schema up to date (" + migrator.applied()
                        + " migration(s) already applied)");
            } else {
                System.err.println("[taskcast] Applied " + applied.size() + " new migration(s): "
                        + String.join(", ", applied));
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException("Auto-migration failed: " + e.getMessage(), e);
        }
    }
}
