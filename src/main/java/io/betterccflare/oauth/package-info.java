/**
 * OAuth for Claude subscription accounts: the PKCE code-paste login in {@code max} and {@code console}
 * modes (CLI and {@code /api/oauth/*}), re-authentication of an existing account, and the refreshing
 * {@link io.betterccflare.accounts.AccessTokens} the proxy and the usage poller take bearer tokens from.
 */
package io.betterccflare.oauth;
