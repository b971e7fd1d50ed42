package dev.fabric.agent.fence;

import java.time.Instant;

/**
 * One round of reachability checks of the other hosts of the fabric.
 *
 * @param total     how many other hosts the controller named
 * @param reachable how many of them answered
 * @param startedAt when the round began: it says nothing about the network before that
 */
public record PeerCheck(int total, int reachable, Instant startedAt) {
    public PeerCheck {
        if (total < 0 || reachable < 0 || reachable > total) {
            throw new IllegalArgumentException("peer check: " + reachable + " of " + total + " reachable");
        }
    }

    /** Whether this host together with the peers it reached is a strict majority of all hosts. */
    public boolean majority() {
        return 2 * (1 + reachable) > total + 1;
    }

    @Override
    public String toString() {
        return reachable + " of " + total + " other hosts reachable";
    }
}
