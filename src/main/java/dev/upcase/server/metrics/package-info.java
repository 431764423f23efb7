/**
 * Metrics under {@code upcase.*} (Micrometer; scraped from {@code /actuator/prometheus}): connection counts from the
 * {@link dev.upcase.server.endpoint.Endpoint} and its {@link dev.upcase.server.endpoint.ConnectionClosed} events,
 * message counts and timing from the flow's metered transform step ({@code MeteredTransform}).
 * The README's metric table lists them all.
 */
@NullMarked
package dev.upcase.server.metrics;

import org.jspecify.annotations.NullMarked;
