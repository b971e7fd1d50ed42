package dev.fabric.agent.run;

/** A deployment's csdef and cscfg exactly as stored, e.g. kept so a failed apply can put them back. */
public record DefinitionFiles(byte[] csdef, byte[] cscfg) {
}
