/**
 * Rate limits as the upstream reports them: parsing the unified (subscription, every window scope) and
 * classic (API key) headers, classifying each upstream response into what the proxy does next (serve it,
 * fail over, bench the account or one model family on it until a known time, retry in place), the retry
 * policy for overload and transient failures, and the stored scoped lockouts.
 */
package io.betterccflare.ratelimit;
