/**
 * Storage: opens SQLite (default) or PostgreSQL, runs the versioned migrations of each dialect, and
 * offers the repositories every other feature reads and writes through. SQL stays in this package.
 */
package io.betterccflare.store;
