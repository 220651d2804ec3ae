/**
 * The proxy: the {@code /v1/*} routes that forward each request to an account's upstream (or pass it
 * through when no account exists), loop detection ({@code HopMarker}), the header policy, the shared upstream HTTP
 * client, the streaming relay, the failover loop, and the asynchronous account bookkeeping.
 * {@link io.betterccflare.proxy.ExchangeObserver} is its contract with request logging.
 */
package io.betterccflare.proxy;
