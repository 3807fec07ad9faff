/**
 * The {@code ticktape} command line: argument handling only; every command builds a context and
 * calls the library in {@code core}, {@code recorder}, {@code replayer} and {@code exporter}.
 */
package dev.ticktape.tools;
