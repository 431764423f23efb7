/**
 * The HTTP management side: which Actuator endpoints answer without credentials (health status, info, metrics,
 * prometheus) and which need them (the admin API, the integration graph, health details, info.java/info.os), and
 * that no request creates an HTTP session; the operator's account and how its password is checked, failed logins
 * (logged, counted, backed off per source), the refusal of cross-origin writes, where a management port of its own
 * listens (and the status page with it), and what the open endpoints may reveal (no exact JVM version).
 */
@NullMarked
package dev.upcase.server.management;

import org.jspecify.annotations.NullMarked;
