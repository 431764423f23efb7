/**
 * The HTTP management side: which Actuator endpoints answer without credentials (health status, info, metrics,
 * prometheus) and which need them (the admin API, the integration graph, health details, info.java/info.os), and
 * that no request creates an HTTP session.
 */
@NullMarked
package dev.upcase.server.management;

import org.jspecify.annotations.NullMarked;
