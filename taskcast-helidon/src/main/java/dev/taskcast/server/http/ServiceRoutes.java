package dev.taskcast.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.api.TaskcastJson;
import dev.taskcast.spi.DependencyHealth;
import dev.taskcast.spi.HealthReporting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /}, {@code /health}, {@code /health/ready}, {@code /health/detail} (http-api.md §4) and
 * {@code /openapi.json}; never authenticated.
 */
public final class ServiceRoutes implements HttpService {
    private static final long PROBE_DEADLINE_MS = 2000;

    /** Which provider serves each layer, for {@code /health/detail}. */
    public record Adapters(String broadcast, String shortTermStore, String longTermStore) {
    }

    private final String version;
    private final String authMode;
    private final Adapters adapters;
    private final List<HealthReporting> probes;
    private final long startedAt = System.currentTimeMillis();
    private final String startedAtIso = Instant.now().toString();
    private final byte[] root;
    private final byte[] health;
    private final byte[] openApi;

    public ServiceRoutes(String version, String authMode, Adapters adapters, List<HealthReporting> probes) {
        this.version = version;
        this.authMode = authMode;
        this.adapters = adapters;
        this.probes = List.copyOf(probes);
        ObjectNode links = TaskcastJson.object().put("health", "/health").put("healthReady", "/health/ready")
                .put("healthDetail", "/health/detail").put("openapi", "/openapi.json").put("docs", "/docs");
        ObjectNode rootBody = TaskcastJson.object().put("name", "taskcast").put("version", version).put("apiVersion", "v1");
        rootBody.set("links", links);
        this.root = TaskcastJson.writeBytes(rootBody);
        this.health = TaskcastJson.writeBytes(TaskcastJson.object().put("ok", true).put("name", "taskcast")
                .put("version", version).put("apiVersion", "v1"));
        this.openApi = OpenApiDocument.bytes(version);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(ApiRoutes.ROOT.template(), (req, res) -> JsonResponses.sendBytes(res, 200, root))
                .get(ApiRoutes.HEALTH.template(), (req, res) -> JsonResponses.sendBytes(res, 200, health))
                .get(ApiRoutes.HEALTH_READY.template(), this::ready)
                .get(ApiRoutes.HEALTH_DETAIL.template(), this::detail)
                .get(ApiRoutes.OPENAPI.template(), (req, res) -> JsonResponses.sendBytes(res, 200, openApi));
    }

    private void ready(ServerRequest req, ServerResponse res) {
        List<DependencyHealth> deps = probeAll();
        ObjectNode dependencies = TaskcastJson.object();
        boolean ok = true;
        for (DependencyHealth d : deps) {
            ObjectNode n = dependencies.putObject(d.dependency()).put("state", d.healthy() ? "healthy" : "unhealthy");
            if (!d.healthy()) {
                n.put("errorKind", d.errorKind());
                ok = false;
            }
        }
        ObjectNode body = TaskcastJson.object().put("ok", ok);
        body.set("dependencies", dependencies);
        JsonResponses.send(res, ok ? 200 : 503, body);
    }

    private void detail(ServerRequest req, ServerResponse res) {
        List<DependencyHealth> deps = probeAll();
        boolean ok = deps.stream().allMatch(DependencyHealth::healthy);
        ObjectNode body = TaskcastJson.object().put("ok", ok).put("name", "taskcast").put("version", version)
                .put("apiVersion", "v1").put("uptime", (System.currentTimeMillis() - startedAt) / 1000);
        body.putObject("auth").put("mode", authMode);
        ObjectNode a = body.putObject("adapters");
        a.putObject("broadcast").put("provider", adapters.broadcast()).put("status", ok ? "ok" : "error");
        a.putObject("shortTermStore").put("provider", adapters.shortTermStore()).put("status", ok ? "ok" : "error");
        if (adapters.longTermStore() != null) {
            a.putObject("longTermStore").put("provider", adapters.longTermStore()).put("status", ok ? "ok" : "error");
        }
        ObjectNode dependencies = body.putObject("dependencies");
        for (DependencyHealth d : deps) {
            ObjectNode n = dependencies.putObject(d.dependency()).put("configured", true)
                    .put("state", d.healthy() ? "healthy" : "unhealthy").put("lastTransitionAt", startedAtIso)
                    .put("consecutiveFailures", d.healthy() ? 0 : 1);
            if (!d.healthy()) {
                n.put("lastErrorKind", d.errorKind());
            }
        }
        body.putObject("storage").put("releaseReady", false).put("requiredStorageProtocolVersion", 2)
                .put("activeWriterCount", 1).putArray("incompatibleWriterIds");
        JsonResponses.send(res, 200, body);
    }

    /**
     * Probes every adapter concurrently, each bounded by the two-second deadline. Adapters sharing a
     * service (Redis store and broadcast both report {@code redisCommand}) are merged, unhealthy
     * winning.
     */
    private List<DependencyHealth> probeAll() {
        Map<String, DependencyHealth> merged = new LinkedHashMap<>();
        for (DependencyHealth d : probeEach()) {
            merged.merge(d.dependency(), d, (a, b) -> a.healthy() ? b : a);
        }
        return List.copyOf(merged.values());
    }

    private List<DependencyHealth> probeEach() {
        if (probes.isEmpty()) {
            return List.of();
        }
        List<DependencyHealth> out = new ArrayList<>();
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<DependencyHealth>>> futures = new ArrayList<>();
            for (HealthReporting p : probes) {
                futures.add(exec.submit(p::checkHealth));
            }
            for (Future<List<DependencyHealth>> f : futures) {
                try {
                    out.addAll(f.get(PROBE_DEADLINE_MS, TimeUnit.MILLISECONDS));
                } catch (Exception e) {
                    f.cancel(true);
                    out.add(DependencyHealth.unhealthy("unknown", "timeout"));
                }
            }
            exec.shutdownNow();
        }
        return out;
    }
}
