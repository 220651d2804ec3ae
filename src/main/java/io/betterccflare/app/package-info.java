/**
 * The composition root: {@link io.betterccflare.app.App} builds every service with constructors from the
 * {@link io.betterccflare.config.Config}; {@link io.betterccflare.app.Main} is the process entry point.
 */
package io.betterccflare.app;
