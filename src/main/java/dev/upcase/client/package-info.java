/**
 * The client CLI, {@code upcase client}: talks to an upcase server through a Spring Integration TCP outbound
 * gateway (or, to stream, collaborating TCP channel adapters), interactively at a {@code >>: } prompt, line by line
 * from a pipe, or once from the command line; and {@code upcase client bench}, the project's load generator.
 * <p>
 * It runs in a Spring context of its own ({@link dev.upcase.client.ClientConfiguration}), never in the server's: the
 * server's component scan excludes this package, and the gateway interface keeps classpath scans away.
 */
@NullMarked
package dev.upcase.client;

import org.jspecify.annotations.NullMarked;
