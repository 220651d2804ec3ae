/**
 * Several instances on one PostgreSQL database (issue 12): the instance registry and its heartbeat
 * ({@code GET /api/instances}), and the relay that makes the live request stream show the whole cluster.
 * The primitives underneath (the change signal, cluster locks, leadership) live in {@code store}.
 */
package io.betterccflare.cluster;
