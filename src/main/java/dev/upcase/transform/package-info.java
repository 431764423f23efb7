/**
 * The transform: a message's text, uppercased. Pure logic, no I/O; the flow in
 * {@code dev.upcase.server.UpcaseFlowConfiguration} calls it once per message.
 */
@NullMarked
package dev.upcase.transform;

import org.jspecify.annotations.NullMarked;
