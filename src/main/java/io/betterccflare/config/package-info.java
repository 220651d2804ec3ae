/**
 * Configuration: where the data directory is, the {@code better-ccflare.json} file, environment
 * variables and CLI overrides, merged once at startup into the immutable {@link io.betterccflare.config.Config}.
 */
package io.betterccflare.config;
