package dev.fabric.agent.run;

import dev.fabric.agent.execute.HostFirewall;
import dev.fabric.agent.reconcile.FirewallPlan;

import java.util.function.Supplier;

/**
 * Opens the real firewall (a libnftables context) on first use, so commands that stop at bad input
 * never touch netfilter. {@link #close} releases it if it was opened.
 */
public final class LazyHostFirewall implements HostFirewall, AutoCloseable {
    /** A firewall plus what to release when done. */
    public record Opened(HostFirewall firewall, AutoCloseable resource) {
    }

    private final Supplier<Opened> opener;
    private Opened opened;

    public LazyHostFirewall(Supplier<Opened> opener) {
        this.opener = opener;
    }

    @Override
    public synchronized void apply(FirewallPlan plan) {
        if (opened == null) {
            opened = opener.get();
        }
        opened.firewall().apply(plan);
    }

    @Override
    public synchronized void close() throws Exception {
        if (opened != null) {
            opened.resource().close();
            opened = null;
        }
    }
}
