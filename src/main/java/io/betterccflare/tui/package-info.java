/**
 * The terminal UI started by running {@code better-ccflare} with no action flag on a terminal. It is a client
 * of the REST API only: {@link io.betterccflare.tui.TerminalUi} talks to the in-process server over loopback
 * HTTP, so it shows exactly what the API and dashboard show and never touches the database. Drawing uses
 * Lanterna's double-buffered {@code Screen}; every screen is a {@code View} that renders a snapshot of its view
 * model and turns keys into navigation.
 */
package io.betterccflare.tui;
