package io.betterccflare.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format (0.0.4) for tests: every line must be a
 * {@code # HELP}, a {@code # TYPE} or a sample {@code name{label="value",...} value}; anything else fails
 * the parse. Samples are looked up by name and labels.
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;
    private final Map<String, String> types;

    private PrometheusText(List<Sample> samples, Map<String, String> types) {
        this.samples = samples;
        this.types = types;
    }

    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP ")) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                if (parts.length != 4 || !NAME.matcher(parts[2]).matches()) {
                    throw new IllegalArgumentException("bad TYPE line: " + line);
                }
                types.put(parts[2], parts[3]);
                continue;
            }
            samples.add(sample(line));
        }
        return new PrometheusText(samples, types);
    }

    private static Sample sample(String line) {
        Matcher name = NAME.matcher(line);
        if (!name.lookingAt()) {
            throw new IllegalArgumentException("bad sample line: " + line);
        }
        int at = name.end();
        Map<String, String> labels = new LinkedHashMap<>();
        if (at < line.length() && line.charAt(at) == '{') {
            int close = line.indexOf("} ", at);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed labels: " + line);
            }
            String body = line.substring(at + 1, close);
            Matcher label = LABEL.matcher(body);
            int pos = 0;
            while (pos < body.length()) {
                if (!label.find(pos) || label.start() != pos) {
                    throw new IllegalArgumentException("bad labels: " + line);
                }
                labels.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
                pos = label.end();
                if (pos < body.length()) {
                    if (body.charAt(pos) != ',') {
                        throw new IllegalArgumentException("bad label separator: " + line);
                    }
                    pos++;
                }
            }
            at = close + 1;
        }
        String[] rest = line.substring(at).trim().split(" ");
        return new Sample(line.substring(name.start(), name.end()), labels, value(rest[0]));
    }

    private static double value(String raw) {
        return switch (raw) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(raw);
        };
    }

    /** The declared type of a metric family ({@code counter}, {@code gauge}, {@code histogram}...), or null. */
    public String type(String family) {
        return types.get(family);
    }

    /** Every sample of {@code name} whose labels include all of {@code labels}. */
    public List<Sample> find(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(labels.entrySet())).toList();
    }

    /** The sum of the matching samples' values (0 when none match). */
    public double sum(String name, Map<String, String> labels) {
        return find(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    /** The one sample with exactly these labels; fails when there is not exactly one. */
    public double value(String name, Map<String, String> labels) {
        List<Sample> found = samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + name + labels + ", found " + found);
        }
        return found.getFirst().value();
    }

    public boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }
}
