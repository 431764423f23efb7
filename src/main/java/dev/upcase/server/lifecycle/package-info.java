/**
 * How the server stops: checks that the settings of a graceful shutdown fit together (the TCP endpoint's drain
 * inside the time Spring gives each shutdown phase).
 */
@NullMarked
package dev.upcase.server.lifecycle;

import org.jspecify.annotations.NullMarked;
