package dev.fabric.agent.verify;

import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.Ipv4Subnet;

/** Attaches a probe to bridge {@code args[0]}, says so, and waits to be interrupted (for the Ctrl-C test). */
public final class ProbeHolder {
    private ProbeHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        BridgeProbe probe = BridgeProbe.attach(args[0], Ipv4Subnet.parse("10.213.0.0/24"), Ipv4Address.parse("10.213.0.254"));
        System.out.println("attached " + probe.namespace());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
