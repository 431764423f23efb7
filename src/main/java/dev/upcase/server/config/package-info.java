/**
 * The server's settings as an operator meets them: a bad {@code upcase.*} value stops the start with one message
 * per setting that names the property as written in the README (kebab-case), the value given, where it was given,
 * and what is accepted. Generic: a new property in a {@code @ConfigurationProperties} record gets it for free.
 */
@NullMarked
package dev.upcase.server.config;

import org.jspecify.annotations.NullMarked;
