package dev.fabric.agent.run;

/** A host settings file that cannot be used; the message names file:line and what to write instead. */
public final class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }
}
