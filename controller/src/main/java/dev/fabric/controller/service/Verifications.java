package dev.fabric.controller.service;

import dev.fabric.controller.api.InstanceView;
import dev.fabric.controller.api.VerifyOptions;
import dev.fabric.controller.api.VerifyView.HostVerifyView;
import dev.fabric.controller.api.VerifyView.InstanceVerifyView;
import dev.fabric.protocol.server.AgentSession;
import dev.fabric.protocol.v1.InstanceVerify;
import dev.fabric.protocol.v1.VerifyRequest;
import dev.fabric.protocol.v1.VerifyResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The controller's side of {@code fabric verify DEPLOYMENT} (0690): sends a VerifyRequest to every host that
 * holds an instance of the deployment, matches the answers by request id (and host: an agent answers only for
 * itself), and waits for all of them up to a deadline per host. A host that is not connected, whose connection
 * ends, or that does not answer in time is reported as such. The wait blocks the calling API thread, never a
 * network thread; results arrive on the link's event loops.
 */
public final class Verifications {
    private static final Logger LOG = LoggerFactory.getLogger(Verifications.class);
    /** A bridge scan of 65535 ports takes about 7 s per instance in the lab (PERFORMANCE.md); generous. */
    public static final Duration DEFAULT_BASE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_PER_INSTANCE = Duration.ofSeconds(15);

    private final Function<String, Optional<AgentSession>> sessions;
    private final Duration base;
    private final Duration perInstance;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(AgentSession session, CompletableFuture<HostVerifyView> answer) {
    }

    /**
     * @param sessions    a host's open agent session, if any
     * @param base        how long to wait for a host holding one instance
     * @param perInstance added for each further instance on that host (its agent scans them one after the other)
     */
    public Verifications(Function<String, Optional<AgentSession>> sessions, Duration base, Duration perInstance) {
        this.sessions = sessions;
        this.base = base;
        this.perInstance = perInstance;
    }

    /**
     * Asks each host of {@code placed} (host -> its instances of the deployment) and waits.
     *
     * @return one entry per host, by name
     */
    public List<HostVerifyView> run(String deployment, Map<String, List<InstanceView>> placed, VerifyOptions options) {
        Map<String, CompletableFuture<HostVerifyView>> answers = new TreeMap<>();
        Map<String, Long> requestIds = new LinkedHashMap<>();
        for (Map.Entry<String, List<InstanceView>> e : new TreeMap<>(placed).entrySet()) {
            String host = e.getKey();
            Optional<AgentSession> session = sessions.apply(host);
            if (session.isEmpty()) {
                answers.put(host, CompletableFuture.completedFuture(HostVerifyView.unverified(host, HostVerifyView.NOT_CONNECTED,
                        "host " + host + " is not connected to the controller")));
                continue;
            }
            long id = ids.incrementAndGet();
            CompletableFuture<HostVerifyView> answer = new CompletableFuture<>();
            pending.put(id, new Pending(session.get(), answer));
            requestIds.put(host, id);
            answers.put(host, answer.thenApply(v -> withPlaced(v, e.getValue())));
            session.get().verify(VerifyRequest.newBuilder().setRequestId(id).setDeployment(deployment)
                    .setPorts(options.ports()).setTimeoutMs(options.timeoutMs()).build());
        }
        long started = System.nanoTime();
        List<HostVerifyView> out = new ArrayList<>();
        try {
            for (Map.Entry<String, CompletableFuture<HostVerifyView>> e : answers.entrySet()) {
                Duration wait = waitFor(placed.get(e.getKey()).size());
                long left = wait.toNanos() - (System.nanoTime() - started);
                out.add(await(e.getKey(), e.getValue(), Math.max(0, left), wait));
            }
        } finally {
            requestIds.values().forEach(pending::remove);
        }
        return out;
    }

    Duration waitFor(int instances) {
        return base.plus(perInstance.multipliedBy(Math.max(0, instances - 1)));
    }

    private static HostVerifyView await(String host, CompletableFuture<HostVerifyView> answer, long nanos, Duration wait) {
        try {
            return answer.get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return HostVerifyView.unverified(host, HostVerifyView.NO_ANSWER, "host " + host + " did not answer within "
                    + wait.toSeconds() + " s");
        } catch (ExecutionException e) {
            return HostVerifyView.unverified(host, HostVerifyView.FAILED, String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HostVerifyView.unverified(host, HostVerifyView.NO_ANSWER, "the controller stopped waiting (interrupted)");
        }
    }

    /** An agent's answer; on a network thread, so it only completes the waiting request. */
    public void onResult(AgentSession session, VerifyResult result) {
        Pending p = pending.get(result.getRequestId());
        if (p == null || !p.session().hostName().equals(session.hostName())) {
            LOG.warn("verify result {} from {} matches no request of that host (late or not asked for); ignored",
                    result.getRequestId(), session);
            return;
        }
        p.answer().complete(view(session.hostName(), result));
    }

    /** A connection ended: its pending requests will not be answered on it. */
    public void onClosed(AgentSession session, String reason) {
        pending.values().stream().filter(p -> p.session() == session).forEach(p -> p.answer().complete(HostVerifyView.unverified(
                session.hostName(), HostVerifyView.NO_ANSWER, "the connection to host " + session.hostName()
                        + " ended before it answered: " + reason)));
    }

    static HostVerifyView view(String host, VerifyResult r) {
        List<InstanceVerifyView> instances = new ArrayList<>();
        for (InstanceVerify i : r.getInstancesList()) {
            boolean ok = !i.getAddress().isEmpty() && i.getMissing().isEmpty() && i.getExtra().isEmpty();
            instances.add(new InstanceVerifyView(r.getDeployment() + "." + i.getRole() + "." + i.getIndex(), i.getRole(), i.getIndex(),
                    i.getAddress(), i.getState(), i.getExpected(), i.getOpen(), i.getMissing(), i.getExtra(), ok));
        }
        if (!r.getError().isEmpty()) {
            return new HostVerifyView(host, HostVerifyView.FAILED, r.getError(), r.getBridge(), r.getProbeAddress(),
                    r.getExternalAddress(), instances);
        }
        return new HostVerifyView(host, HostVerifyView.VERIFIED, "", r.getBridge(), r.getProbeAddress(), r.getExternalAddress(), instances);
    }

    /** Instances the controller placed on the host that its agent did not check are differences, not omissions. */
    private static HostVerifyView withPlaced(HostVerifyView v, List<InstanceView> placed) {
        if (!HostVerifyView.VERIFIED.equals(v.outcome())) {
            return v;
        }
        Set<String> checked = new HashSet<>();
        v.instances().forEach(i -> checked.add(i.instanceId()));
        List<InstanceVerifyView> all = new ArrayList<>(v.instances());
        for (InstanceView i : placed) {
            if (!checked.contains(i.instanceId())) {
                all.add(new InstanceVerifyView(i.instanceId(), i.role(), i.index(), i.address() == null ? "" : i.address(),
                        InstanceVerifyView.NOT_REPORTED, "", "", "", "", false));
            }
        }
        return new HostVerifyView(v.host(), v.outcome(), v.detail(), v.bridge(), v.probeAddress(), v.externalAddress(), all);
    }
}
