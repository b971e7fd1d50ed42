package dev.fabric.firewall.apply;

import dev.fabric.firewall.compile.NftRulesetCompiler;
import dev.fabric.firewall.ruleset.Family;
import dev.fabric.firewall.ruleset.NftRenderer;
import dev.fabric.firewall.ruleset.NftUpdate;
import dev.fabric.firewall.ruleset.Ruleset;
import dev.fabric.firewall.ruleset.Table;
import dev.fabric.nativelib.nftables.NftException;
import dev.fabric.nativelib.nftables.Nftables;

import java.util.List;

/**
 * Puts compiled rulesets into the kernel through libnftables, each change one transaction: either
 * all of it is in force afterwards or none of it (the previous ruleset stays). Remembers what it
 * applied last so the next change can be an element-level update.
 */
public final class FirewallApplier {
    private static final List<Table> FABRIC_TABLES = List.of(
            new Table(Family.INET, NftRulesetCompiler.TABLE, List.of(), List.of()),
            new Table(Family.BRIDGE, NftRulesetCompiler.TABLE, List.of(), List.of()));

    private final Nftables nft;
    private Ruleset applied;

    public FirewallApplier(Nftables nft) {
        this.nft = nft;
    }

    /** Replaces Fabric's tables with {@code ruleset} (atomic full replacement). */
    public synchronized void replace(Ruleset ruleset) {
        nft.run(NftRenderer.replace(ruleset));
        applied = ruleset;
    }

    /**
     * Moves to {@code ruleset}: an element-level update from the last applied ruleset, or a full
     * replacement when nothing was applied through this applier yet.
     *
     * @throws NftException when nftables rejects it; the previous ruleset is then still in force
     */
    public synchronized void apply(Ruleset ruleset) {
        if (applied == null) {
            replace(ruleset);
            return;
        }
        String commands = NftUpdate.between(applied, ruleset);
        if (!commands.isEmpty()) {
            nft.run(commands);
        }
        applied = ruleset;
    }

    /** Checks that {@code ruleset} would be accepted, without changing anything. */
    public void check(Ruleset ruleset) {
        nft.check(NftRenderer.replace(ruleset));
    }

    /** Deletes Fabric's tables (and only those); no error when they do not exist. */
    public synchronized void clear() {
        nft.run(NftRenderer.delete(FABRIC_TABLES));
        applied = null;
    }
}
