package dev.fabric.cli;

import picocli.CommandLine;

import java.time.Duration;

/** Durations as people write them: {@code 300s}, {@code 5m}, {@code 250ms}, or plain seconds ({@code 300}). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        var m = java.util.regex.Pattern.compile("([0-9]{1,9})(ms|s|m|h)?").matcher(value.trim());
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: use e.g. 300s, 5m, 500ms");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
