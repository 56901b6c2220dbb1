package dev.taskcast.server.sse;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.OutputStream;

/** Starts an SSE response with the headers of http-api.md §7.2. */
final class SseResponses {
    private SseResponses() {
    }

    static OutputStream open(ServerResponse res) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.CONNECTION, "keep-alive");
        return res.outputStream();
    }
}
