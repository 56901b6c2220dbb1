package dev.taskcast.plugin.postgres;

import dev.taskcast.engine.storage.contract.LongTermStoreContract;
import dev.taskcast.spi.LongTermStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared long-term store contract against the real PostgreSQL, in a schema of this class. */
class PostgresLongTermStoreContractTest extends LongTermStoreContract {
    private static TestDatabase db;
    private static LongTermStore shared;

    @BeforeAll
    static void migrate() {
        db = TestDatabase.create();
        db.migrate();
        shared = new PostgresLongTermStoreFactory().create(db.context());
    }

    @AfterAll
    static void dropSchema() {
        if (shared != null) {
            shared.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** One pool for the whole class: the suite's ids are unique per test, so tests do not interfere. */
    @Override
    protected LongTermStore newStore() {
        return shared;
    }

    @Override
    protected void releaseStore(LongTermStore released) {
        // closed once in dropSchema()
    }
}
