/**
 * The HTTP management side: which Actuator endpoints answer without credentials (health, info, metrics,
 * prometheus) and which need them (everything else, such as the integration graph).
 */
@NullMarked
package dev.upcase.server.management;

import org.jspecify.annotations.NullMarked;
