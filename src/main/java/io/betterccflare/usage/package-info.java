/**
 * Usage windows of Claude subscription accounts: {@link io.betterccflare.usage.UsageWindows} parses the
 * {@code /api/oauth/usage} answer (flat windows and {@code limits[]}), and
 * {@link io.betterccflare.usage.UsagePoller} polls it for every OAuth account and stores it.
 */
package io.betterccflare.usage;
