/**
 * The proxy: the catch-all route that forwards every unmatched request to an account's upstream
 * (or passes it through when no account exists), the header policy, the shared upstream HTTP
 * client, the streaming relay, the failover loop, and the asynchronous account bookkeeping.
 * {@link io.betterccflare.proxy.ExchangeObserver} is its contract with request logging.
 */
package io.betterccflare.proxy;
