/**
 * Prices: the bundled table and an optional models.dev refresh, model-id matching (dated, aliased and
 * provider-prefixed ids), and the cost of one response's usage.
 */
package io.betterccflare.pricing;
