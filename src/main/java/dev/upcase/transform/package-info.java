/**
 * The transform: a message's text, uppercased. Pure logic, no I/O; the flow in
 * {@code dev.upcase.UpcaseFlowConfiguration} calls it once per message.
 */
@NullMarked
package dev.upcase.transform;

import org.jspecify.annotations.NullMarked;
