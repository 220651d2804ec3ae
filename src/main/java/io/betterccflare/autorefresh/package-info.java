/**
 * Auto-refresh: when an opted-in Anthropic account's usage window has reset, one minimal message is sent
 * through the local proxy, pinned to that account, so that its next window starts at once.
 */
package io.betterccflare.autorefresh;
