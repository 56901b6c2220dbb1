package dev.taskcast.engine.memory;

import dev.taskcast.engine.storage.contract.LongTermStoreContract;
import dev.taskcast.spi.LongTermStore;

/** Proves the test double behaves like the PostgreSQL store it stands in for. */
class MemoryLongTermStoreContractTest extends LongTermStoreContract {
    @Override
    protected LongTermStore newStore() {
        return new MemoryLongTermStore();
    }
}
