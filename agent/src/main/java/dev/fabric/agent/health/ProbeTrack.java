package dev.fabric.agent.health;

import java.time.Instant;
import java.util.Optional;

/**
 * The probe history of one running guest that the judge needs: since when it is watched, whether it
 * ever answered, and the current run of failures.
 *
 * @param since         when the agent first saw this guest (this domain id) running
 * @param lastSuccess   the latest successful probe; empty while the guest never answered
 * @param failures      consecutive failed probes since the last success (or since {@code since})
 * @param failingSince  when the first of those failures happened (meaningless when failures is 0)
 * @param lastFailure   the detail of the latest failure ("connection refused")
 */
public record ProbeTrack(Instant since, Optional<Instant> lastSuccess, int failures, Instant failingSince,
                         String lastFailure) {
    public static ProbeTrack startedAt(Instant since) {
        return new ProbeTrack(since, Optional.empty(), 0, since, "");
    }

    public boolean everAnswered() {
        return lastSuccess.isPresent();
    }

    public boolean probed() {
        return lastSuccess.isPresent() || failures > 0;
    }

    /** The track after one more probe. Outcomes older than the track's start (a probe of a previous run) are ignored. */
    public ProbeTrack with(ProbeOutcome o) {
        if (o.at().isBefore(since)) {
            return this;
        }
        if (o.ok()) {
            return new ProbeTrack(since, Optional.of(o.at()), 0, o.at(), "");
        }
        return new ProbeTrack(since, lastSuccess, failures + 1, failures == 0 ? o.at() : failingSince, o.detail());
    }
}
