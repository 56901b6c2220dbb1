package dev.taskcast.plugin.redis;

import io.lettuce.core.codec.RedisCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 strings, converted with {@link String#getBytes} and {@code new String(bytes, UTF_8)}.
 *
 * <p>Lettuce's {@code StringCodec.UTF8} writes a value into the command buffer one {@code charAt}
 * at a time (Netty's {@code writeUtf8}); the values here are JSON that is nearly always ASCII and
 * can be tens of kilobytes (an accumulate series pointer holds the whole accumulated text), and
 * that loop was a fifth of the server's CPU under a Redis publish load. The JDK's conversions copy
 * ASCII with vectorized intrinsics. Same bytes on the wire, including for non-ASCII text (unpaired
 * surrogates become {@code ?} with both).
 */
final class Utf8Codec implements RedisCodec<String, String> {
    static final Utf8Codec INSTANCE = new Utf8Codec();

    private static final ByteBuffer EMPTY = ByteBuffer.wrap(new byte[0]);

    private Utf8Codec() {
    }

    @Override
    public String decodeKey(ByteBuffer bytes) {
        return decode(bytes);
    }

    @Override
    public String decodeValue(ByteBuffer bytes) {
        return decode(bytes);
    }

    @Override
    public ByteBuffer encodeKey(String key) {
        return encode(key);
    }

    @Override
    public ByteBuffer encodeValue(String value) {
        return encode(value);
    }

    private static ByteBuffer encode(String s) {
        return s == null ? EMPTY.duplicate() : ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(ByteBuffer bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.hasArray()) {
            return new String(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining(),
                    StandardCharsets.UTF_8);
        }
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return new String(copy, StandardCharsets.UTF_8);
    }
}
