import io.betterccflare.accounts.Account;
import io.betterccflare.accounts.AccountMode;
import io.betterccflare.accounts.Provider;
import io.betterccflare.accounts.RateLimitState;
import io.betterccflare.ratelimit.HeaderLookup;
import io.betterccflare.ratelimit.ModelFamily;
import io.betterccflare.ratelimit.RateLimitHeaders;
import io.betterccflare.ratelimit.ResponseClassifier;
import io.betterccflare.ratelimit.RetryPolicy;
import io.betterccflare.ratelimit.Verdict;
import io.betterccflare.routing.CircuitBreaker;
import io.betterccflare.routing.InFlight;
import io.betterccflare.routing.Refusal;
import io.betterccflare.routing.Route;
import io.betterccflare.routing.Router;
import io.betterccflare.routing.SessionAffinity;
import io.betterccflare.routing.SessionStrategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Routing benchmark (issue 11; not part of the test suite): N simulated Claude Code sessions over M subscription
 * accounts for H hours of simulated time, with rate limits arriving. It drives the real routing code (Router with
 * SessionStrategy or SessionAffinity, RateLimitHeaders, ResponseClassifier, RetryPolicy, CircuitBreaker, Refusal)
 * against a simulated upstream that answers like the real one: a spent 5-hour window gives a 429 whose aggregate
 * reset follows a 7-day representative claim (the trap of issue 11 part 1), a spent per-family weekly cap gives a
 * 429 with only {@code 7d_oi} rejected, plus windowless 429s and 529s at random. No network, no sleeping: time is
 * an event queue. It reports, per strategy:
 * <ul>
 *   <li>wrong refusals: requests that got a 429/503 although some account could have served them (target 0);</li>
 *   <li>needless moves: a session moved to another account while its own could still serve it (target 0 for
 *       session-affinity; the reference's session strategy moves the whole pool). A request served elsewhere
 *       because the session's account answered with a transient failure (a windowless 429, a 529) does not move
 *       the session.</li>
 * </ul>
 * Run from the repository root after {@code ./mvnw -q -DskipTests package}:
 *
 *   java -cp "target/classes:target/lib/*" bench/RoutingBench.java [sessions=40] [accounts=6] [hours=24] [seed=7]
 */
public final class RoutingBench {
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final long FIVE_HOURS = 5 * HOUR;
    private static final long WEEK = 7 * 24 * HOUR;
    private static final String[] MODELS = {"claude-opus-4-1", "claude-sonnet-4-5-20250929", "claude-fable-5"};

    /** The simulated upstream's truth about one account. */
    static final class Upstream {
        final String id;
        final int fiveHourCapacity;
        final int fableWeeklyCapacity;
        long windowStart = -1;
        int windowUsed;
        int fableUsed;
        long weekStart;
        // What the proxy has learnt (the account row).
        Long limitedUntil;
        String limitedReason;
        Long sessionStart;
        Double fiveHourUtilization;

        Upstream(String id, int fiveHourCapacity, int fableWeeklyCapacity, long start) {
            this.id = id;
            this.fiveHourCapacity = fiveHourCapacity;
            this.fableWeeklyCapacity = fableWeeklyCapacity;
            this.weekStart = start;
        }

        long windowReset() {
            return windowStart + FIVE_HOURS;
        }

        void roll(long now) {
            if (windowStart < 0 || now >= windowReset()) {
                windowStart = now;
                windowUsed = 0;
            }
            if (now >= weekStart + WEEK) {
                weekStart = now;
                fableUsed = 0;
            }
        }

        /** Ground truth: would a request of this family be served now (transient faults aside)? */
        boolean canServe(String family, long now) {
            roll(now);
            return windowUsed < fiveHourCapacity && (!"fable".equals(family) || fableUsed < fableWeeklyCapacity);
        }

        Account snapshot(long now) {
            RateLimitState state = new RateLimitState("allowed", null, null, limitedUntil, limitedReason, "allowed", null,
                    fiveHourUtilization, "allowed", null, null, null, now, 0);
            return new Account(id, id, Provider.ANTHROPIC, AccountMode.MAX, new Account.Credentials(null, "rt", "at", null),
                    0, null, 0, 0, 1, 0, false, sessionStart, 0, false, false, null, null, false, null, null, state, null, null);
        }
    }

    record Result(String strategy, long requests, long served, long refused, long transientRefusals, long wrongRefusals, long moves,
                  long needlessMoves, long upstreamCalls) {
    }

    public static void main(String[] args) {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        int hours = args.length > 2 ? Integer.parseInt(args[2]) : 24;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 7;
        System.out.printf("Routing simulation: %d sessions, %d accounts, %d h simulated, seed %d%n", sessions, accounts, hours, seed);
        System.out.println("| strategy | requests | served | refused | of which transient | wrong refusals (target 0) | session moves | needless moves (target 0) | upstream calls |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (String strategy : List.of(Router.SESSION, Router.SESSION_AFFINITY)) {
            Result r = run(strategy, sessions, accounts, hours, seed);
            System.out.printf("| %s | %d | %d | %d | %d | %d | %d | %d | %d |%n", r.strategy, r.requests, r.served, r.refused,
                    r.transientRefusals, r.wrongRefusals, r.moves, r.needlessMoves, r.upstreamCalls);
        }
    }

    static Result run(String strategy, int sessionCount, int accountCount, int hours, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long start = 1_800_000_000_000L;
        long end = start + hours * HOUR;
        List<Upstream> upstreams = new ArrayList<>();
        for (int i = 0; i < accountCount; i++) {
            upstreams.add(new Upstream("acct-" + i, 300 + random.nextInt(300), 100 + random.nextInt(100), start));
        }
        Map<String, Upstream> byId = new HashMap<>();
        upstreams.forEach(u -> byId.put(u.id, u));
        Router router = new Router(new SessionStrategy(FIVE_HOURS), new SessionAffinity(10_000, FIVE_HOURS), new InFlight(),
                () -> strategy);
        ResponseClassifier classifier = new ResponseClassifier();
        RetryPolicy retry = new RetryPolicy(3, 1_000, 2.0, random::nextDouble);
        CircuitBreaker breaker = new CircuitBreaker();
        Map<String, Map<String, Long>> familyLockouts = new HashMap<>();
        Map<String, String> lastAccount = new HashMap<>();
        long requests = 0, served = 0, refused = 0, wrong = 0, moves = 0, needless = 0, calls = 0, transientRefusals = 0;

        record Event(long at, int session) {
        }
        PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
        String[] sessionModel = new String[sessionCount];
        for (int s = 0; s < sessionCount; s++) {
            sessionModel[s] = MODELS[random.nextInt(MODELS.length)];
            queue.add(new Event(start + random.nextLong(10 * MINUTE), s));
        }
        while (!queue.isEmpty()) {
            Event event = queue.poll();
            long now = event.at;
            if (now >= end) {
                break;
            }
            queue.add(new Event(now + MINUTE + random.nextLong(4 * MINUTE), event.session));
            requests++;
            String key = "session-" + event.session;
            String family = ModelFamily.of(sessionModel[event.session]);
            List<Account> snapshot = new ArrayList<>();
            Map<String, Refusal.Lockout> blocked = new HashMap<>();
            for (Upstream u : upstreams) {
                snapshot.add(u.snapshot(now));
                Long until = familyLockouts.getOrDefault(u.id, Map.of()).get(family);
                if (until != null && until > now) {
                    blocked.put(u.id, new Refusal.Lockout(until, Refusal.RATE_LIMITED));
                } else if (breaker.state(u.id, now) == CircuitBreaker.State.OPEN) {
                    blocked.put(u.id, new Refusal.Lockout(breaker.openUntil(u.id), "overloaded"));
                }
            }
            Route route = router.route(snapshot, key, blocked, now);
            String servedBy = null;
            boolean transientOnly = true;
            java.util.Set<String> transientlyFailed = new java.util.HashSet<>();
            Map<String, Refusal.Lockout> learnt = new HashMap<>(blocked);
            if (route instanceof Route.Candidates candidates) {
                for (Account account : candidates.accounts()) {
                    Upstream u = byId.get(account.id());
                    if (!breaker.tryAcquire(u.id, now)) {
                        continue;
                    }
                    Verdict verdict = null;
                    for (int retries = 0; ; retries++) {
                        calls++;
                        Map<String, String> headers = answer(u, family, now, random);
                        int status = Integer.parseInt(headers.remove(":status"));
                        RateLimitHeaders limits = RateLimitHeaders.parse(HeaderLookup.of(headers), now);
                        verdict = classifier.classify(Provider.ANTHROPIC, status, limits, family, new byte[0], now);
                        if (verdict instanceof Verdict.Overloaded && retry.delayBefore(retries, null, null, null) != RetryPolicy.NO_RETRY) {
                            continue;
                        }
                        break;
                    }
                    boolean transientAnswer = verdict instanceof Verdict.RequestLimited || verdict instanceof Verdict.Overloaded
                            || verdict instanceof Verdict.ServerFailure;
                    transientOnly &= transientAnswer;
                    if (transientAnswer) {
                        transientlyFailed.add(u.id);
                    }
                    switch (verdict) {
                        case Verdict.Serve ignored -> {
                            breaker.success(u.id);
                            servedBy = u.id;
                            u.limitedUntil = null;
                            u.limitedReason = null;
                            if (u.sessionStart == null || now - u.sessionStart >= FIVE_HOURS) {
                                u.sessionStart = now;
                            }
                            router.affinity().served(key, u.id, now, transientlyFailed);
                        }
                        case Verdict.RateLimited limited -> {
                            breaker.success(u.id);
                            if (limited.family() == null) {
                                u.limitedUntil = limited.until();
                                u.limitedReason = Refusal.RATE_LIMITED;
                            } else {
                                familyLockouts.computeIfAbsent(u.id, id -> new HashMap<>()).put(limited.family(), limited.until());
                            }
                            learnt.put(u.id, new Refusal.Lockout(limited.until(), Refusal.RATE_LIMITED));
                        }
                        case Verdict.RequestLimited limited -> {
                            breaker.success(u.id);
                            learnt.put(u.id, new Refusal.Lockout(limited.retryAt(), Refusal.RATE_LIMITED));
                        }
                        case Verdict.Overloaded overloaded -> {
                            breaker.failure(u.id, now);
                            u.limitedUntil = overloaded.until();
                            u.limitedReason = "overloaded";
                            learnt.put(u.id, new Refusal.Lockout(overloaded.until(), "overloaded"));
                        }
                        case Verdict.AuthRejected ignored -> breaker.success(u.id);
                        case Verdict.ServerFailure ignored -> breaker.failure(u.id, now);
                    }
                    if (servedBy != null) {
                        break;
                    }
                }
            }
            if (servedBy == null) {
                refused++;
                if (route instanceof Route.Candidates && transientOnly) {
                    transientRefusals++;
                    continue;
                }
                for (Upstream u : upstreams) {
                    if (u.canServe(family, now)) {
                        wrong++;
                        break;
                    }
                }
                continue;
            }
            served++;
            String previous = lastAccount.get(key);
            if (previous != null && transientlyFailed.contains(previous)) {
                continue;
            }
            lastAccount.put(key, servedBy);
            if (previous != null && !previous.equals(servedBy)) {
                moves++;
                if (byId.get(previous).canServe(family, now) && byId.get(previous).limitedUntil == null) {
                    needless++;
                }
            }
        }
        return new Result(strategy, requests, served, refused, transientRefusals, wrong, moves, needless, calls);
    }

    /** The simulated upstream's answer: status (as ":status") and unified headers, like the real API's. */
    static Map<String, String> answer(Upstream u, String family, long now, SplittableRandom random) {
        u.roll(now);
        Map<String, String> h = new HashMap<>();
        long fiveReset = u.windowReset() / 1000;
        long weekReset = (u.weekStart + WEEK) / 1000;
        if (random.nextDouble() < 0.01) {
            h.put(":status", "529");
            return h;
        }
        if (random.nextDouble() < 0.005) {
            h.put(":status", "429");
            h.put("x-should-retry", "true");
            return h;
        }
        h.put("anthropic-ratelimit-unified-7d-status", "allowed");
        h.put("anthropic-ratelimit-unified-7d-reset", Long.toString(weekReset));
        h.put("anthropic-ratelimit-unified-5h-reset", Long.toString(fiveReset));
        if (u.windowUsed >= u.fiveHourCapacity) {
            h.put(":status", "429");
            h.put("anthropic-ratelimit-unified-status", "rejected");
            h.put("anthropic-ratelimit-unified-representative-claim", "seven_day");
            h.put("anthropic-ratelimit-unified-reset", Long.toString(weekReset));
            h.put("anthropic-ratelimit-unified-5h-status", "rejected");
            return h;
        }
        if ("fable".equals(family) && u.fableUsed >= u.fableWeeklyCapacity) {
            h.put(":status", "429");
            h.put("anthropic-ratelimit-unified-status", "rejected");
            h.put("anthropic-ratelimit-unified-5h-status", "allowed");
            h.put("anthropic-ratelimit-unified-7d_oi-status", "rejected");
            h.put("anthropic-ratelimit-unified-7d_oi-reset", Long.toString(weekReset));
            return h;
        }
        u.windowUsed++;
        if ("fable".equals(family)) {
            u.fableUsed++;
        }
        u.fiveHourUtilization = (double) u.windowUsed / u.fiveHourCapacity;
        h.put(":status", "200");
        h.put("anthropic-ratelimit-unified-status", "allowed");
        h.put("anthropic-ratelimit-unified-5h-status", "allowed");
        h.put("anthropic-ratelimit-unified-5h-utilization", Double.toString(u.fiveHourUtilization));
        return h;
    }
}
