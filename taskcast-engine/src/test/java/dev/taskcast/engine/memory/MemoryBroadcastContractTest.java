package dev.taskcast.engine.memory;

import dev.taskcast.engine.storage.contract.BroadcastProviderContract;
import dev.taskcast.spi.BroadcastProvider;

class MemoryBroadcastContractTest extends BroadcastProviderContract {
    @Override
    protected BroadcastProvider newProvider() {
        return new MemoryBroadcast();
    }
}
