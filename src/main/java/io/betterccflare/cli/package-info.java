/**
 * The command line: the reference's flag-style options parsed with picocli, each action run against the
 * services of {@link io.betterccflare.app.App}, errors printed as one line with a non-zero exit code.
 */
package io.betterccflare.cli;
