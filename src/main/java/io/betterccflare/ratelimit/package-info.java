/**
 * Rate limits as the upstream reports them: parsing the unified (subscription) and classic (API key)
 * headers, and classifying each upstream response into what the proxy does next (serve it, or fail
 * over and bench the account until a known time). Pure logic over headers, body and a given time.
 */
package io.betterccflare.ratelimit;
