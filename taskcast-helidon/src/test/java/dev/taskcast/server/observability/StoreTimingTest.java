package dev.taskcast.server.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskcast.server.metrics.StoreTiming;
import dev.taskcast.spi.BroadcastProvider;
import dev.taskcast.spi.LongTermStore;
import dev.taskcast.spi.ShortTermStore;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The timing decorators must override every method of their SPI, default methods included:
 * otherwise a provider's own implementation of a default method (Redis deletions, delivery checks)
 * would be bypassed by the interface default once metrics are on.
 */
class StoreTimingTest {

    private static List<String> missing(Class<?> spi, Class<?> decorator) {
        List<String> missing = new ArrayList<>();
        for (Method m : spi.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            try {
                decorator.getDeclaredMethod(m.getName(), m.getParameterTypes());
            } catch (NoSuchMethodException e) {
                missing.add(m.getName() + Arrays.toString(m.getParameterTypes()));
            }
        }
        return missing;
    }

    private static Class<?> decorator(String simpleName) throws ClassNotFoundException {
        return Class.forName(StoreTiming.class.getName() + "$" + simpleName);
    }

    @Test
    @DisplayName("the short-term, long-term and broadcast decorators delegate every SPI method")
    void everyMethodIsDelegated() throws Exception {
        assertEquals(List.of(), missing(ShortTermStore.class, decorator("TimedShortTermStore")));
        assertEquals(List.of(), missing(LongTermStore.class, decorator("TimedLongTermStore")));
        assertEquals(List.of(), missing(BroadcastProvider.class, decorator("TimedBroadcast")));
    }
}
