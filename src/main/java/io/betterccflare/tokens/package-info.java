/**
 * Token usage extraction: reads the model and token counts from an Anthropic-style response as its bytes pass,
 * from server-sent events or a JSON body, without holding the body in memory.
 */
package io.betterccflare.tokens;
