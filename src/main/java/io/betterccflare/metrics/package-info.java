/**
 * Operations metrics: a Micrometer registry rendered in the Prometheus text format at {@code /metrics}.
 * {@link io.betterccflare.metrics.Metrics} owns the registry and the gauges read at scrape time (accounts'
 * windows, request-log queue, database); the proxy's {@link io.betterccflare.proxy.ExchangeObserver} events
 * feed the request, latency, stream, failover, token and cost meters. {@link io.betterccflare.metrics.MetricsRoutes}
 * serves them behind the metrics token or an admin key once API keys exist.
 */
package io.betterccflare.metrics;
