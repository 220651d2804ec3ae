import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Benchmark load driver: measures, in one run, a fake upstream directly and the same upstream through the proxy,
 * with one minimal raw-socket HTTP/1.1 keep-alive client (TCP_NODELAY, one pre-built request byte array per
 * request kind), so the client's own cost is tiny and identical on both paths.
 *
 * <p>Timed phases use platform threads (no virtual-thread poller hop in the client's wake-up path); the
 * open-streams phase uses one virtual thread per stream. Direct and proxy work alternate in rounds so slow drift in
 * the machine's background load hits both sides alike. Percentiles are nearest-rank; "added" is the proxy
 * percentile minus the direct percentile of the same phase.
 *
 * <p>Run by {@code bench/run.sh}; see bench/README.md for the arguments and what each measure means.
 */
public final class LoadDriver {
    private static final long CLK_TCK = Long.getLong("clk.tck", 100);

    private final Map<String, String> args;
    private final Target direct;
    private final Target proxy;
    private final int proxyPid;
    private final int upstreamPid;
    private final boolean quick;
    private final StringBuilder report = new StringBuilder();
    private final List<Row> summary = new ArrayList<>();

    private LoadDriver(Map<String, String> args) {
        this.args = args;
        this.direct = new Target("direct", URI.create(args.get("direct")));
        this.proxy = new Target("proxy", URI.create(args.get("proxy")));
        this.proxyPid = Integer.parseInt(args.getOrDefault("proxy-pid", "0"));
        this.upstreamPid = Integer.parseInt(args.getOrDefault("upstream-pid", "0"));
        this.quick = args.containsKey("quick");
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String key = argv[i].replaceFirst("^--", "");
            if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                args.put(key, argv[++i]);
            } else {
                args.put(key, "");
            }
        }
        for (String required : List.of("direct", "proxy")) {
            if (!args.containsKey(required)) {
                System.err.println("usage: LoadDriver --direct URL --proxy URL [--proxy-pid N] [--upstream-pid N]"
                        + " [--results FILE] [--command TEXT] [--open-streams N] [--quick]");
                System.exit(64);
            }
        }
        System.exit(new LoadDriver(args).run());
    }

    private int run() throws Exception {
        long started = System.nanoTime();
        log("preflight");
        String directProblem = preflight(direct);
        if (directProblem != null) {
            System.err.println("The fake upstream does not answer correctly: " + directProblem);
            return 1;
        }
        String proxyProblem = preflight(proxy);
        boolean withProxy = proxyProblem == null;
        if (!withProxy) {
            System.err.println();
            System.err.println("*** " + proxyProblem + " ***");
            System.err.println("*** Only the direct path is measured (harness check); no proxy measure is produced. ***");
            System.err.println();
        }
        List<Target> targets = withProxy ? List.of(direct, proxy) : List.of(direct);

        log("warm-up");
        warmUp(targets);
        latencyPhase(targets);
        streamPhase(targets, 1, quick ? 3 : 10, quick ? 10 : 20);
        streamPhase(targets, 32, quick ? 2 : 6, 4);
        throughputPhase(targets);
        int openStreams = Integer.parseInt(args.getOrDefault("open-streams", quick ? "300" : "2000"));
        for (int i = 0; i < targets.size(); i++) {
            openStreamsPhase(targets.get(i), openStreams, i == targets.size() - 1);
        }
        if (withProxy) {
            sequentialCpu();
            memory();
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        String section = section(proxyProblem, minutes);
        System.out.println();
        System.out.println(section);
        if (args.containsKey("results")) {
            writeResults(Path.of(args.get("results")), heading(), section);
            log("wrote " + args.get("results"));
        }
        return withProxy ? 0 : 2;
    }

    // ---------------------------------------------------------------- phases

    private String preflight(Target target) {
        try (Conn conn = new Conn(target, 10_000)) {
            Result plain = conn.exchange(target.plain);
            if (!plain.ok()) {
                return describe(target, plain);
            }
            Result stream = conn.exchange(target.stream(3, 0));
            if (!stream.ok()) {
                return describe(target, stream);
            }
            return null;
        } catch (IOException e) {
            return target.name + " at " + target.uri + " is unreachable: " + e;
        }
    }

    private static String describe(Target target, Result result) {
        if (result.status() == 404 && target.name.equals("proxy")) {
            return "proxy returned 404 — proxy not implemented (POST /v1/messages answered: " + result.bodyStart() + ")";
        }
        return target.name + " returned " + (result.status() > 0 ? "HTTP " + result.status() : "no response")
                + ": " + result.error();
    }

    private void warmUp(List<Target> targets) throws Exception {
        for (Target target : targets) {
            runTimed(target, 64, quick ? 1_000 : 3_000);
            try (Conn conn = new Conn(target, 10_000)) {
                for (int i = 0; i < (quick ? 500 : 2_000); i++) {
                    conn.exchange(target.plain);
                }
            }
            runStreams(target, 8, quick ? 5 : 25, 10, 0);
        }
    }

    /** 1 connection per path, non-streaming, direct and proxy requests strictly alternating. */
    private void latencyPhase(List<Target> targets) throws IOException {
        int pairs = quick ? 2_000 : 10_000;
        log("latency: 1 connection, " + pairs + " non-streaming requests per path, alternating");
        Map<Target, long[]> samples = new LinkedHashMap<>();
        List<Conn> conns = new ArrayList<>();
        for (Target target : targets) {
            samples.put(target, new long[pairs]);
            conns.add(new Conn(target, 10_000));
        }
        long cpu0 = cpuTicks(proxyPid);
        int errors = 0;
        for (int i = 0; i < pairs; i++) {
            for (int k = 0; k < conns.size(); k++) {
                int idx = (i % 2 == 0) ? k : conns.size() - 1 - k;
                Conn conn = conns.get(idx);
                Result r = conn.exchange(conn.target.plain);
                if (!r.ok()) {
                    errors++;
                }
                samples.get(conn.target)[i] = r.totalNs();
            }
        }
        long cpu1 = cpuTicks(proxyPid);
        conns.forEach(Conn::close);
        Stats d = new Stats(samples.get(direct));
        report.append("### Added latency, non-streaming, 1 connection\n\n")
                .append(pairs).append(" requests per path on one keep-alive connection each, direct and proxy "
                        + "alternating, after warm-up. Time from writing the request to the last body byte.\n\n")
                .append("| path | p50 ms | p90 ms | p99 ms | max ms |\n|---|---|---|---|---|\n")
                .append(statRow("direct", d));
        if (samples.containsKey(proxy)) {
            Stats p = new Stats(samples.get(proxy));
            report.append(statRow("proxy", p))
                    .append(String.format(Locale.ROOT, "| **added** | **%.3f** | **%.3f** | **%.3f** | |%n",
                            ms(p.p(50) - d.p(50)), ms(p.p(90) - d.p(90)), ms(p.p(99) - d.p(99))));
            double added50 = ms(p.p(50) - d.p(50));
            double added99 = ms(p.p(99) - d.p(99));
            summary.add(new Row("added latency p50, non-streaming, 1 conn", fmt(added50) + " ms", "≤ 0.3 ms", added50 <= 0.3));
            summary.add(new Row("added latency p90, non-streaming, 1 conn", fmt(ms(p.p(90) - d.p(90))) + " ms", "—", null));
            summary.add(new Row("added latency p99, non-streaming, 1 conn", fmt(added99) + " ms", "≤ 1.5 ms", added99 <= 1.5));
            double cpuMs = ticksToMs(cpu1 - cpu0) / pairs;
            report.append(String.format(Locale.ROOT, "%nProxy CPU during this phase: %.3f ms per request "
                    + "(utime+stime of the proxy process over the phase ÷ proxied requests; includes JIT, GC and idle "
                    + "housekeeping while the direct half ran).%n", cpuMs));
        }
        report.append(errorsLine(errors)).append('\n');
    }

    /** Streams of 3 + deltas + 3 events; TTFB = first body byte (the message_start chunk), total = end of stream. */
    private void streamPhase(List<Target> targets, int concurrency, int rounds, int perWorker) throws Exception {
        int deltas = 10;
        int delayMs = 2;
        log("streams: " + concurrency + " concurrent, " + rounds + " rounds x " + concurrency + " x " + perWorker + " per path");
        Map<Target, List<Result>> results = new LinkedHashMap<>();
        targets.forEach(t -> results.put(t, new ArrayList<>()));
        for (int r = 0; r < rounds; r++) {
            for (Target target : (r % 2 == 0 ? targets : targets.reversed())) {
                results.get(target).addAll(runStreams(target, concurrency, perWorker, deltas, delayMs));
            }
        }
        report.append("### Streams, ").append(concurrency).append(concurrency == 1 ? " at a time" : " concurrent")
                .append("\n\nEach stream: message_start, content_block_start, ping, ").append(deltas)
                .append(" text deltas ").append(delayMs).append(" ms apart, content_block_stop, message_delta, "
                        + "message_stop (chunked, one flush per event). TTFB = request written → first body byte "
                        + "(the message_start event); total = → terminating chunk. ")
                .append(rounds).append(" rounds alternating direct/proxy, each round ").append(concurrency)
                .append(" keep-alive connections × ").append(perWorker).append(" streams.\n\n")
                .append("| path | streams | errors | TTFB p50 ms | TTFB p90 ms | TTFB p99 ms | total p50 ms | total p99 ms |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        Map<Target, Stats[]> stats = new LinkedHashMap<>();
        for (var e : results.entrySet()) {
            List<Result> ok = e.getValue().stream().filter(Result::ok).toList();
            long errors = e.getValue().size() - ok.size();
            Stats ttfb = new Stats(ok.stream().mapToLong(Result::firstByteNs).toArray());
            Stats total = new Stats(ok.stream().mapToLong(Result::totalNs).toArray());
            stats.put(e.getKey(), new Stats[] {ttfb, total});
            report.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %.3f | %.3f | %.3f | %.3f |%n",
                    e.getKey().name, e.getValue().size(), errors, ms(ttfb.p(50)), ms(ttfb.p(90)), ms(ttfb.p(99)),
                    ms(total.p(50)), ms(total.p(99))));
            firstError(e.getValue());
        }
        if (stats.containsKey(proxy)) {
            Stats[] d = stats.get(direct);
            Stats[] p = stats.get(proxy);
            double addedTtfb = ms(p[0].p(50) - d[0].p(50));
            report.append(String.format(Locale.ROOT, "| **added** | | | **%.3f** | **%.3f** | **%.3f** | **%.3f** | **%.3f** |%n",
                    addedTtfb, ms(p[0].p(90) - d[0].p(90)), ms(p[0].p(99) - d[0].p(99)),
                    ms(p[1].p(50) - d[1].p(50)), ms(p[1].p(99) - d[1].p(99))));
            long proxyErrors = results.get(proxy).stream().filter(r -> !r.ok()).count();
            if (concurrency == 32) {
                summary.add(new Row("added TTFB p50, 32 concurrent streams", fmt(addedTtfb) + " ms", "≤ 2 ms",
                        addedTtfb <= 2.0 && proxyErrors == 0));
            } else {
                summary.add(new Row("added TTFB p50, 1 stream at a time", fmt(addedTtfb) + " ms", "—", null));
            }
            summary.add(new Row("added stream total p50, " + concurrency + (concurrency == 1 ? " at a time" : " concurrent"),
                    fmt(ms(p[1].p(50) - d[1].p(50))) + " ms", "—", null));
        }
        report.append('\n');
    }

    private List<Result> runStreams(Target target, int concurrency, int perWorker, int deltas, int delayMs) throws Exception {
        List<Result> all = java.util.Collections.synchronizedList(new ArrayList<>());
        byte[] request = target.stream(deltas, delayMs);
        CountDownLatch done = new CountDownLatch(concurrency);
        CountDownLatch go = new CountDownLatch(1);
        for (int w = 0; w < concurrency; w++) {
            Thread.ofPlatform().daemon().start(() -> {
                Conn conn = null;
                try {
                    go.await();
                    for (int i = 0; i < perWorker; i++) {
                        if (conn == null) {
                            conn = new Conn(target, 30_000);
                        }
                        Result r = conn.exchange(request);
                        all.add(r);
                        if (!r.ok() || !r.keepAlive()) {
                            conn.close();
                            conn = null;
                        }
                    }
                } catch (IOException e) {
                    all.add(Result.failure(0, "connect: " + e));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    if (conn != null) {
                        conn.close();
                    }
                    done.countDown();
                }
            });
        }
        go.countDown();
        done.await();
        return all;
    }

    /** 64 keep-alive connections in a closed loop; windows alternate direct/proxy; CPU per request from /proc. */
    private void throughputPhase(List<Target> targets) throws Exception {
        int connections = 64;
        long windowMs = quick ? 1_500 : 3_000;
        int rounds = quick ? 1 : 3;
        log("throughput: " + connections + " connections, " + rounds + " x " + windowMs + " ms windows per path");
        Map<Target, long[]> totals = new LinkedHashMap<>();
        targets.forEach(t -> totals.put(t, new long[6]));
        long driver0 = cpuTicks(-1);
        for (int r = 0; r < rounds; r++) {
            for (Target target : (r % 2 == 0 ? targets : targets.reversed())) {
                long p0 = cpuTicks(proxyPid);
                long u0 = cpuTicks(upstreamPid);
                long d0 = cpuTicks(-1);
                long t0 = System.nanoTime();
                long[] counts = runTimed(target, connections, windowMs);
                long elapsed = System.nanoTime() - t0;
                long[] acc = totals.get(target);
                acc[0] += counts[0];
                acc[1] += counts[1];
                acc[2] += elapsed;
                acc[3] += cpuTicks(proxyPid) - p0;
                acc[4] += cpuTicks(upstreamPid) - u0;
                acc[5] += cpuTicks(-1) - d0;
            }
        }
        report.append("### Throughput, ").append(connections).append(" connections\n\n")
                .append(connections).append(" keep-alive connections, each in a closed loop of non-streaming requests; ")
                .append(rounds).append(" windows of ").append(windowMs).append(" ms per path, alternating. CPU columns: "
                        + "utime+stime of each process over its path's windows ÷ requests completed (ms per request).\n\n")
                .append("| path | requests | errors | req/s | proxy CPU | upstream CPU | driver CPU |\n|---|---|---|---|---|---|---|\n");
        Map<Target, Double> rps = new LinkedHashMap<>();
        for (var e : totals.entrySet()) {
            long[] a = e.getValue();
            double perSecond = a[0] / (a[2] / 1e9);
            rps.put(e.getKey(), perSecond);
            report.append(String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %s | %.3f | %.3f |%n", e.getKey().name,
                    a[0], a[1], perSecond, e.getKey() == proxy ? fmt(ticksToMs(a[3]) / a[0]) : "—",
                    ticksToMs(a[4]) / a[0], ticksToMs(a[5]) / a[0]));
        }
        if (rps.containsKey(proxy)) {
            double share = 100.0 * rps.get(proxy) / rps.get(direct);
            long[] p = totals.get(proxy);
            double cpu = ticksToMs(p[3]) / p[0];
            report.append(String.format(Locale.ROOT, "%nProxy throughput = %.1f%% of direct.%n", share));
            summary.add(new Row("throughput at 64 connections, share of direct",
                    String.format(Locale.ROOT, "%.1f%% (%.0f vs %.0f req/s)", share, rps.get(proxy), rps.get(direct)),
                    "≥ 40%", share >= 40 && p[1] == 0));
            summary.add(new Row("proxy CPU per request (64-connection windows)", fmt(cpu) + " ms", "≤ 0.15 ms", cpu <= 0.15));
        }
        report.append('\n');
    }

    /** Returns {ok responses, errors} for a closed loop on {@code connections} connections during {@code ms}. */
    private long[] runTimed(Target target, int connections, long ms) throws Exception {
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(connections);
        long[] deadline = new long[1];
        for (int w = 0; w < connections; w++) {
            Thread.ofPlatform().daemon().start(() -> {
                Conn conn = null;
                try {
                    conn = new Conn(target, 30_000);
                    ready.countDown();
                    go.await();
                    while (System.nanoTime() < deadline[0]) {
                        if (conn == null) {
                            conn = new Conn(target, 30_000);
                        }
                        Result r = conn.exchange(target.plain);
                        if (r.ok()) {
                            ok.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                        if (!r.ok() || !r.keepAlive()) {
                            conn.close();
                            conn = null;
                        }
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                    ready.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    if (conn != null) {
                        conn.close();
                    }
                    done.countDown();
                }
            });
        }
        ready.await();
        deadline[0] = System.nanoTime() + ms * 1_000_000;
        go.countDown();
        done.await();
        return new long[] {ok.get(), errors.get()};
    }

    /**
     * Opens {@code count} long-lived streams (one connection each, ramped evenly), holds them, and records the
     * peak number simultaneously open (first byte received, end not yet), errors by kind, and the latency of a
     * 1-connection non-streaming probe while the streams are held.
     */
    private void openStreamsPhase(Target target, int count, boolean last) throws Exception {
        int deltas = 40;
        int delayMs = 400;
        long rampMs = Math.max(1_000, count * 5L / 2);
        log("open streams (" + target.name + "): " + count + " streams ramped over " + rampMs + " ms, each "
                + deltas + " x " + delayMs + " ms");
        byte[] request = target.stream(deltas, delayMs);
        AtomicInteger open = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(count);
        long start = System.nanoTime();
        List<Long> probe = java.util.Collections.synchronizedList(new ArrayList<>());
        long[] rssAtPeak = {0};
        Thread prober = Thread.ofPlatform().daemon().start(() -> {
            try (Conn conn = new Conn(target, 30_000)) {
                while (done.getCount() > 0) {
                    if (open.get() >= count * 9 / 10) {
                        Result r = conn.exchange(target.plain);
                        if (r.ok()) {
                            probe.add(r.totalNs());
                        }
                        if (target == proxy && open.get() == count && rssAtPeak[0] == 0) {
                            rssAtPeak[0] = statusKb(proxyPid, "VmRSS");
                        }
                    }
                    Thread.sleep(20);
                }
            } catch (IOException e) {
                errors.computeIfAbsent("probe: " + e.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < count; i++) {
            long at = start + rampMs * 1_000_000L * i / count;
            long wait = at - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Thread.ofVirtual().start(() -> {
                try (Conn conn = new Conn(target, 60_000)) {
                    Result r = conn.exchange(request, () -> peak.accumulateAndGet(open.incrementAndGet(), Math::max));
                    if (r.firstByteNs() > 0) {
                        open.decrementAndGet();
                    }
                    if (r.ok()) {
                        completed.incrementAndGet();
                    } else {
                        errors.computeIfAbsent(r.error().replaceAll("[0-9]{3,}", "N"), k -> new AtomicInteger()).incrementAndGet();
                    }
                } catch (IOException e) {
                    errors.computeIfAbsent("connect: " + e.getMessage(), k -> new AtomicInteger()).incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        prober.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        int errorCount = errors.values().stream().mapToInt(AtomicInteger::get).sum();
        Stats probeStats = new Stats(probe.stream().mapToLong(Long::longValue).toArray());
        if (target == direct) {
            report.append("### Concurrent open streams\n\n")
                    .append("Each stream on its own connection, ramped evenly; each lasts ").append(deltas)
                    .append(" deltas × ").append(delayMs).append(" ms ≈ ").append(deltas * delayMs / 1000)
                    .append(" s. \"Peak open\" = most streams that had received their first byte and not yet their "
                            + "end, at the same instant. Probe = 1-connection non-streaming requests every 20 ms while "
                            + "≥ 90% of the streams were open.\n\n")
                    .append("| path | streams | completed intact | errors | peak open | probe p50 ms | probe p99 ms | seconds |\n")
                    .append("|---|---|---|---|---|---|---|---|\n");
        }
        report.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.3f | %.3f | %.1f |%n", target.name, count,
                completed.get(), errorCount, peak.get(), ms(probeStats.p(50)), ms(probeStats.p(99)), seconds));
        if (!errors.isEmpty()) {
            errors.forEach((kind, n) -> report.append("| | | | ").append(n.get()).append(" × ").append(kind.replace('|', '/'))
                    .append(" | | | | |\n"));
        }
        if (last) {
            report.append('\n');
        }
        if (target == proxy) {
            if (rssAtPeak[0] > 0) {
                report.append(String.format(Locale.ROOT, "Proxy VmRSS with all %d streams open: %.0f MB.%n%n", count,
                        rssAtPeak[0] / 1024.0));
            }
            summary.add(new Row("concurrent open streams held without error",
                    peak.get() + " peak open, " + completed.get() + "/" + count + " intact, " + errorCount + " errors",
                    "≥ 2,000", peak.get() >= 2_000 && errorCount == 0 && completed.get() == count));
        }
    }

    /** Proxy CPU per request with one sequential client, after every other phase (JIT long settled). */
    private void sequentialCpu() throws IOException {
        int n = quick ? 1_000 : 4_000;
        log("proxy CPU, 1 connection, " + n + " sequential requests");
        int errors = 0;
        long cpu0;
        long cpu1;
        long t0;
        long elapsed;
        try (Conn conn = new Conn(proxy, 10_000)) {
            cpu0 = cpuTicks(proxyPid);
            t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (!conn.exchange(proxy.plain).ok()) {
                    errors++;
                }
            }
            elapsed = System.nanoTime() - t0;
            cpu1 = cpuTicks(proxyPid);
        }
        double cpu = ticksToMs(cpu1 - cpu0) / n;
        report.append(String.format(Locale.ROOT, "### Proxy CPU, 1 connection%n%n%d sequential non-streaming requests "
                + "through the proxy only, after all other phases: %.3f ms of proxy CPU per request (%.0f req/s, "
                + "proxy busy %.0f%% of one core).%s%n%n", n, cpu, n / (elapsed / 1e9),
                100.0 * ticksToMs(cpu1 - cpu0) / (elapsed / 1e6), errorsLine(errors).stripTrailing()));
        summary.add(new Row("proxy CPU per request (1 connection, sequential)", fmt(cpu) + " ms", "≤ 0.15 ms",
                cpu <= 0.15 && errors == 0));
    }

    private void memory() throws InterruptedException {
        Thread.sleep(1_000);
        long rss = statusKb(proxyPid, "VmRSS");
        long hwm = statusKb(proxyPid, "VmHWM");
        report.append(String.format(Locale.ROOT, "### Proxy memory%n%nAfter the whole benchmark (1 s after the last "
                + "stream ended): VmRSS %.0f MB, VmHWM (peak resident) %.0f MB. JVM flags: `%s`.%n%n",
                rss / 1024.0, hwm / 1024.0, jvmFlags(proxyPid)));
        summary.add(new Row("proxy resident memory after the benchmark",
                String.format(Locale.ROOT, "%.0f MB (peak %.0f MB)", rss / 1024.0, hwm / 1024.0), "≤ 512 MB",
                rss > 0 && rss <= 512 * 1024));
    }

    // ---------------------------------------------------------------- report

    private String section(String proxyProblem, double minutes) {
        StringBuilder s = new StringBuilder();
        s.append("## ").append(heading()).append("\n\n");
        s.append("Command: `").append(args.getOrDefault("command", "bench/run.sh")).append("`  \n");
        s.append("Revision: `").append(args.getOrDefault("revision", "unknown")).append("`  \n");
        s.append("Date: ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append("  \n");
        s.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (nproc), ")
                .append(cpuModel()).append(", ").append(memTotal()).append(", Linux ").append(System.getProperty("os.version"))
                .append("  \n");
        s.append("JDK: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version"))
                .append(" (same JDK for proxy, fake upstream and driver)  \n");
        if (proxyPid > 0) {
            s.append("Proxy: `java ").append(jvmFlags(proxyPid)).append(" -jar target/better-ccflare.jar --serve`  \n");
        }
        s.append(String.format(Locale.ROOT, "Run time: %.1f min%s%n%n", minutes, quick ? " (--quick: reduced counts)" : ""));
        s.append("Loopback only; driver, fake upstream and proxy share the same CPUs, so every number includes "
                + "contention between them (and with anything else running on the machine).\n\n");
        if (proxyProblem != null) {
            s.append("**Proxy not measured: ").append(proxyProblem).append(".** The tables below hold the direct "
                    + "path only (harness check).\n\n");
        } else {
            s.append("| measure | result | target | pass |\n|---|---|---|---|\n");
            for (Row row : summary) {
                s.append("| ").append(row.measure).append(" | ").append(row.result).append(" | ").append(row.target)
                        .append(" | ").append(row.pass == null ? "" : row.pass ? "PASS" : "**FAIL**").append(" |\n");
            }
            s.append('\n');
        }
        s.append(report);
        return s.toString().stripTrailing() + "\n";
    }

    /** The RESULTS.md section this run owns: "Proxy", or another heading given with --heading. */
    private String heading() {
        return args.getOrDefault("heading", "Proxy");
    }

    private static void writeResults(Path file, String heading, String section) throws IOException {
        String existing = Files.exists(file) ? Files.readString(file) : "# Benchmark results\n\n";
        int start = existing.indexOf("\n## " + heading + "\n");
        String updated;
        if (start < 0) {
            updated = existing.stripTrailing() + "\n\n" + section;
        } else {
            int next = existing.indexOf("\n## ", start + 1);
            updated = existing.substring(0, start + 1) + section + (next < 0 ? "" : "\n" + existing.substring(next + 1));
        }
        Files.writeString(file, updated);
    }

    private static String statRow(String name, Stats s) {
        return String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f |%n", name, ms(s.p(50)), ms(s.p(90)),
                ms(s.p(99)), ms(s.p(100)));
    }

    private static String errorsLine(int errors) {
        return errors == 0 ? "" : "\n**" + errors + " errors.**\n";
    }

    private static void firstError(List<Result> results) {
        results.stream().filter(r -> !r.ok()).findFirst().ifPresent(r -> log("first error: " + r.error()));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static double ms(long ns) {
        return ns / 1e6;
    }

    private static double ticksToMs(long ticks) {
        return ticks * 1000.0 / CLK_TCK;
    }

    private static void log(String message) {
        System.err.printf(Locale.ROOT, "[bench %tT] %s%n", System.currentTimeMillis(), message);
    }

    // ---------------------------------------------------------------- /proc

    /** utime+stime in clock ticks of a process (-1 = this one), or 0 when unknown. */
    private static long cpuTicks(int pid) {
        if (pid == 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + (pid < 0 ? "self" : pid) + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long statusKb(int pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private static String jvmFlags(int pid) {
        try {
            String[] parts = Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0");
            StringBuilder flags = new StringBuilder();
            for (int i = 1; i < parts.length && !List.of("-jar", "-cp", "-classpath").contains(parts[i]); i++) {
                flags.append(flags.isEmpty() ? "" : " ").append(parts[i]);
            }
            return flags.toString();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String memTotal() {
        long kb = statusLine("/proc/meminfo", "MemTotal");
        return kb > 0 ? String.format(Locale.ROOT, "%.0f GB RAM", kb / 1024.0 / 1024.0) : "RAM unknown";
    }

    private static long statusLine(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    // ---------------------------------------------------------------- client

    private record Row(String measure, String result, String target, Boolean pass) {
    }

    /** Nearest-rank percentiles over nanosecond samples. */
    private static final class Stats {
        private final long[] sorted;

        Stats(long[] samples) {
            this.sorted = samples.clone();
            Arrays.sort(sorted);
        }

        long p(double q) {
            if (sorted.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(q / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }
    }

    /** One measured exchange; times are relative to writing the request. */
    private record Result(int status, long firstByteNs, long totalNs, boolean ok, String error, boolean keepAlive,
                          String bodyStart) {
        static Result failure(int status, String error) {
            return new Result(status, 0, 0, false, error, false, "");
        }
    }

    /** Where requests go, with the pre-built request bytes for each kind. */
    private static final class Target {
        final String name;
        final URI uri;
        final byte[] plain;
        private final Map<String, byte[]> streams = new ConcurrentHashMap<>();

        Target(String name, URI uri) {
            this.name = name;
            this.uri = uri;
            this.plain = request("/v1/messages?beta=true", false, "");
        }

        byte[] stream(int deltas, int delayMs) {
            return streams.computeIfAbsent(deltas + "/" + delayMs, k -> request(
                    "/v1/messages?beta=true&events=" + deltas + "&delay_ms=" + delayMs, true,
                    "x-bench-events: " + deltas + "\r\nx-bench-delay-ms: " + delayMs + "\r\n"));
        }

        private byte[] request(String path, boolean stream, String extraHeaders) {
            String body = "{\"model\":\"claude-sonnet-4-5-20250929\",\"max_tokens\":1024,\"stream\":" + stream
                    + ",\"system\":\"You are a benchmark.\",\"messages\":[{\"role\":\"user\",\"content\":"
                    + "\"Say hello to the benchmark, in one short sentence please.\"}]}";
            String head = "POST " + path + " HTTP/1.1\r\n"
                    + "host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                    + "accept: " + (stream ? "text/event-stream" : "application/json") + "\r\n"
                    + "content-type: application/json\r\n"
                    + "anthropic-version: 2023-06-01\r\n"
                    + "anthropic-beta: claude-code-20250219,interleaved-thinking-2025-05-14\r\n"
                    + "user-agent: claude-cli/2.1.0 (external, cli)\r\n"
                    + "x-app: cli\r\n"
                    + "x-api-key: sk-ant-client-placeholder\r\n"
                    + extraHeaders
                    + "content-length: " + body.length() + "\r\n\r\n";
            return (head + body).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** A keep-alive HTTP/1.1 client connection; not thread-safe (one thread uses it at a time). */
    private static final class Conn implements AutoCloseable {
        final Target target;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buf = new byte[32768];
        private int pos;
        private int end;
        private long lastFillNs;
        private final StringBuilder line = new StringBuilder(128);

        Conn(Target target, int timeoutMs) throws IOException {
            this.target = target;
            this.socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(target.uri.getHost(), target.uri.getPort()), 10_000);
            socket.setSoTimeout(timeoutMs);
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        Result exchange(byte[] request) {
            return exchange(request, null);
        }

        /** Sends one request and reads the whole response; {@code onFirstBody} runs when the first body byte is in. */
        Result exchange(byte[] request, Runnable onFirstBody) {
            long t0 = System.nanoTime();
            int status = 0;
            long firstBody = 0;
            try {
                out.write(request);
                out.flush();
                String statusLine = readLine();
                if (statusLine == null) {
                    return Result.failure(0, "connection closed before the status line");
                }
                String[] parts = statusLine.split(" ", 3);
                status = Integer.parseInt(parts[1]);
                long length = -1;
                boolean chunked = false;
                boolean keepAlive = true;
                for (String h = readLine(); h != null && !h.isEmpty(); h = readLine()) {
                    int colon = h.indexOf(':');
                    if (colon <= 0) {
                        continue;
                    }
                    String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = h.substring(colon + 1).trim();
                    switch (name) {
                        case "content-length" -> length = Long.parseLong(value);
                        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                        case "connection" -> keepAlive = !value.equalsIgnoreCase("close");
                        default -> { }
                    }
                }
                if (length == 0) {
                    return Result.failure(status, "HTTP " + status + " with an empty body");
                }
                if (!fill()) {
                    return Result.failure(status, "connection closed before the body");
                }
                firstBody = lastFillNs - t0;
                if (onFirstBody != null) {
                    onFirstBody.run();
                }
                Body body = new Body();
                if (chunked) {
                    while (true) {
                        String size = readLine();
                        if (size == null) {
                            return bad(status, firstBody, t0, "stream truncated (no terminating chunk)", body);
                        }
                        int semi = size.indexOf(';');
                        int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                        if (n == 0) {
                            for (String t = readLine(); t != null && !t.isEmpty(); t = readLine()) {
                                // trailers are read and ignored
                            }
                            break;
                        }
                        read(n, body);
                        readLine();
                    }
                } else if (length >= 0) {
                    read(length, body);
                } else {
                    while (fill()) {
                        body.add(buf, pos, end - pos);
                        pos = end;
                    }
                    keepAlive = false;
                }
                long total = System.nanoTime() - t0;
                String text = body.text();
                if (status != 200) {
                    return new Result(status, firstBody, total, false, "HTTP " + status + ": " + abbreviate(text),
                            keepAlive, abbreviate(text));
                }
                boolean isStream = request.length > 0 && new String(request, 0, Math.min(request.length, 2048),
                        StandardCharsets.US_ASCII).contains("x-bench-events");
                if (isStream) {
                    int expected = expectedDeltas(request);
                    int deltas = count(text, "event: content_block_delta");
                    if (!text.contains("event: message_stop") || deltas != expected) {
                        return new Result(status, firstBody, total, false, "stream incomplete: " + deltas + "/" + expected
                                + " deltas, message_stop " + text.contains("event: message_stop"), keepAlive, abbreviate(text));
                    }
                } else if (!text.contains("\"usage\"")) {
                    return new Result(status, firstBody, total, false, "unexpected body: " + abbreviate(text), keepAlive,
                            abbreviate(text));
                }
                return new Result(status, firstBody, total, true, "", keepAlive, abbreviate(text));
            } catch (IOException | RuntimeException e) {
                return new Result(status, firstBody, System.nanoTime() - t0, false,
                        e.getClass().getSimpleName() + ": " + e.getMessage(), false, "");
            }
        }

        private static Result bad(int status, long firstBody, long t0, String why, Body body) {
            String text = body.text();
            return new Result(status, firstBody, System.nanoTime() - t0, false, why, false, abbreviate(text));
        }

        private static int expectedDeltas(byte[] request) {
            String head = new String(request, 0, Math.min(request.length, 2048), StandardCharsets.US_ASCII);
            int i = head.indexOf("x-bench-events: ") + "x-bench-events: ".length();
            return Integer.parseInt(head.substring(i, head.indexOf('\r', i)));
        }

        private static int count(String text, String needle) {
            int n = 0;
            for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
                n++;
            }
            return n;
        }

        private static String abbreviate(String text) {
            String oneLine = text.replace('\n', ' ').replace('\r', ' ');
            return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
        }

        private boolean fill() throws IOException {
            if (pos < end) {
                return true;
            }
            int n = in.read(buf, 0, buf.length);
            lastFillNs = System.nanoTime();
            if (n <= 0) {
                return false;
            }
            pos = 0;
            end = n;
            return true;
        }

        private String readLine() throws IOException {
            line.setLength(0);
            while (true) {
                if (!fill()) {
                    return line.isEmpty() ? null : line.toString();
                }
                while (pos < end) {
                    byte b = buf[pos++];
                    if (b == '\n') {
                        int len = line.length();
                        if (len > 0 && line.charAt(len - 1) == '\r') {
                            line.setLength(len - 1);
                        }
                        return line.toString();
                    }
                    line.append((char) (b & 0xff));
                }
            }
        }

        private void read(long count, Body body) throws IOException {
            long left = count;
            while (left > 0) {
                if (!fill()) {
                    throw new EOFException("body truncated with " + left + " bytes missing");
                }
                int n = (int) Math.min(end - pos, left);
                body.add(buf, pos, n);
                pos += n;
                left -= n;
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                log("close failed: " + e.getMessage());
            }
        }
    }

    /** Growable byte buffer for a response body (bodies here are a few KB). */
    private static final class Body {
        private byte[] data = new byte[4096];
        private int size;

        void add(byte[] src, int off, int len) {
            if (size + len > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, size + len));
            }
            System.arraycopy(src, off, data, size, len);
            size += len;
        }

        String text() {
            return new String(data, 0, size, StandardCharsets.ISO_8859_1);
        }
    }
}
