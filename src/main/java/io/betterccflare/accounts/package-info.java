/**
 * Accounts: the account model (providers, modes, credentials, rate-limit and session state), the
 * name rule, secret masking, and the operations users run on accounts from the CLI, API and TUI.
 */
package io.betterccflare.accounts;
