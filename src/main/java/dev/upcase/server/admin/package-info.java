/**
 * The admin API: Actuator endpoints on the management port to see and manage every live connection
 * ({@code /actuator/connections}: list, sort, page, filter, recently closed, close) and every listener
 * ({@code /actuator/listeners}: summary, pause, resume, drain). Built only on {@link dev.upcase.server.endpoint},
 * which each transport implements, so nothing here changes when a transport does. Every operation needs
 * credentials ({@code dev.upcase.server.management}).
 */
@NullMarked
package dev.upcase.server.admin;

import org.jspecify.annotations.NullMarked;
