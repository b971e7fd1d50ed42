package dev.fabric.agent.health;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.reconcile.Health;
import dev.fabric.servicedef.model.HealthProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The monitor probing a real loopback listener on a fast schedule; waits are generous, never exact. */
class HealthMonitorTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final InstanceId WEB0 = new InstanceId("tiny", "WebRole", 0);
    static final InstanceId WORKER0 = new InstanceId("tiny", "WorkerRole", 0);

    ExecutorService pool;
    ScheduledExecutorService scheduler;
    HealthMonitor monitor;
    final BlockingQueue<String> changes = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        pool = Executors.newFixedThreadPool(4);
        scheduler = Executors.newSingleThreadScheduledExecutor();
        // No grace, at least 2 failures: the test sees a verdict within a few 100 ms probes.
        HealthJudge judge = new HealthJudge(new HealthSettings(Duration.ZERO, 2, Duration.ofSeconds(1)));
        monitor = new HealthMonitor(new InstanceProber(SocketSource.host(), pool, Clock.systemUTC()), judge,
                Clock.systemUTC(), scheduler);
        monitor.addListener((id, h) -> changes.add(id + " " + h.status()));
    }

    @AfterEach
    void stop() {
        monitor.close();
        scheduler.shutdownNow();
        pool.shutdownNow();
    }

    static HealthProbe fastTcp(int port) {
        return new HealthProbe(HealthProbe.Protocol.TCP, port, "/", Duration.ofMillis(100), Duration.ofMillis(200), "test");
    }

    static void await(Supplier<Boolean> condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("condition not met within 20 s").isLessThan(end);
            Thread.sleep(20);
        }
    }

    @Test
    void aServingInstanceTurnsHealthyAndAStoppedServiceUnhealthyWithItsReason() throws Exception {
        ServerSocket listener = new ServerSocket(0, 50, LOOPBACK);
        int port = listener.getLocalPort();
        List<WatchedInstance> running = List.of(new WatchedInstance(WEB0, 7, LOOPBACK, Optional.of(fastTcp(port))));

        Function<InstanceId, Health> first = monitor.observe(running);
        assertThat(first.apply(WEB0).status()).isEqualTo(Health.Status.UNKNOWN); // nothing probed yet
        await(() -> monitor.snapshot().get(WEB0).status() == Health.Status.HEALTHY);
        assertThat(changes.poll(20, TimeUnit.SECONDS)).isEqualTo("tiny.WebRole.0 HEALTHY");

        listener.close(); // the service dies, the guest keeps running
        await(() -> monitor.snapshot().get(WEB0).status() == Health.Status.UNHEALTHY);
        assertThat(changes.poll(20, TimeUnit.SECONDS)).isEqualTo("tiny.WebRole.0 UNHEALTHY");
        Health unhealthy = monitor.observe(running).apply(WEB0);
        assertThat(unhealthy.reason()).matches("tcp " + port + ": connection refused \\d+ times since \\d\\d:\\d\\d:\\d\\d");
    }

    @Test
    void aBootingGuestIsProbedEverySecondUntilItAnswersThenAtItsOwnInterval() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            port = s.getLocalPort(); // nothing listens yet: the guest is still booting
        }
        HealthProbe csdefDefault = new HealthProbe(HealthProbe.Protocol.TCP, port, "/", Duration.ofSeconds(15),
                Duration.ofSeconds(31), "test");
        monitor.observe(List.of(new WatchedInstance(WEB0, 7, LOOPBACK, Optional.of(csdefDefault))));
        Thread.sleep(1_500); // the first probe (at once) has failed; the next follow every second, not every 15 s

        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        try (ServerSocket listener = new ServerSocket(port, 50, LOOPBACK)) {
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (java.net.Socket ignored = listener.accept()) {
                        accepted.incrementAndGet();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long opened = System.nanoTime();
            await(() -> monitor.snapshot().get(WEB0).status() == Health.Status.HEALTHY);
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - opened)).as("seconds until seen serving")
                    .isLessThan(10);
            Thread.sleep(3_000);
            assertThat(accepted.get()).as("probes after the first answer: the 15 s interval now").isEqualTo(1);
        }
    }

    @Test
    void aRestartedGuestNewDomainIdStartsAFreshHistory() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            port = s.getLocalPort();
        }
        monitor.observe(List.of(new WatchedInstance(WEB0, 7, LOOPBACK, Optional.of(fastTcp(port)))));
        await(() -> monitor.snapshot().get(WEB0).status() == Health.Status.UNHEALTHY);

        // The reconciler restarted it: libvirt now reports another domain id.
        Function<InstanceId, Health> after = monitor.observe(
                List.of(new WatchedInstance(WEB0, 8, LOOPBACK, Optional.of(fastTcp(port)))));

        assertThat(after.apply(WEB0).status()).isEqualTo(Health.Status.UNKNOWN);
        assertThat(after.apply(WEB0).reason()).startsWith("waiting for the first probe");
    }

    @Test
    void instancesWithoutProbeOrNoLongerRunningAreNotJudgedByProbes() {
        Function<InstanceId, Health> h = monitor.observe(List.of(new WatchedInstance(WORKER0, 3, LOOPBACK, Optional.empty())));
        assertThat(h.apply(WORKER0)).isEqualTo(HealthJudge.unprobed());
        assertThat(h.apply(WEB0)).isEqualTo(Health.UNKNOWN);

        assertThat(monitor.observe(List.of()).apply(WORKER0)).isEqualTo(Health.UNKNOWN);
        assertThat(monitor.snapshot()).isEmpty();
    }
}
