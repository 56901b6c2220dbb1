package dev.taskcast.engine.memory;

import dev.taskcast.engine.storage.contract.ShortTermStoreContract;
import dev.taskcast.spi.ShortTermStore;

class MemoryShortTermStoreContractTest extends ShortTermStoreContract {
    @Override
    protected ShortTermStore newStore() {
        return new MemoryShortTermStore();
    }
}
