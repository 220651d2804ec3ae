/**
 * The web dashboard: static ES modules from the classpath ({@code dashboard/}), the SPA index on every
 * client-side route, and the versioned asset URLs. The pages themselves call the REST API.
 */
package io.betterccflare.dashboard;
